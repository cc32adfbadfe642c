namespace DemoSaaS.Cheddar.Webhooks;

/// <summary>The plan reference inside a webhook subscription.</summary>
public sealed record WebhookPlan
{
    public string? Id { get; init; }
    public required string Code { get; init; }
    public string? Name { get; init; }
    public decimal? RecurringChargeAmount { get; init; }
}
