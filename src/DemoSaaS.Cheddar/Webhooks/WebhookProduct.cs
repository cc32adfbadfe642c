namespace DemoSaaS.Cheddar.Webhooks;

/// <summary>The product an event belongs to.</summary>
public sealed record WebhookProduct
{
    public string? Id { get; init; }
    public string? Code { get; init; }
}
