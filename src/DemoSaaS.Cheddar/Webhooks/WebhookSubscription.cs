namespace DemoSaaS.Cheddar.Webhooks;

/// <summary>A subscription as a webhook carries it.</summary>
public sealed record WebhookSubscription
{
    public string? Id { get; init; }
    public WebhookPlan? Plan { get; init; }
    public DateTimeOffset? CanceledDatetime { get; init; }
    public string? CancelType { get; init; }
    public string? CancelReason { get; init; }
    public string? CcType { get; init; }
    public string? CcLastFour { get; init; }
    public DateTimeOffset? CcExpirationDate { get; init; }
    public DateTimeOffset? CreatedDatetime { get; init; }
    public WebhookInvoice? Invoice { get; init; }

    public bool IsActive(DateTimeOffset asOf) => CanceledDatetime is null || CanceledDatetime > asOf;
}
