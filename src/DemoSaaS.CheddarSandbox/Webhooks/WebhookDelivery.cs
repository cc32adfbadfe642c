namespace DemoSaaS.CheddarSandbox.Webhooks;

/// <summary>One row of the delivery log: one event to one URL, with its attempts so far.</summary>
public sealed record WebhookDelivery
{
    public required long Id { get; init; }
    public required string ActivityId { get; init; }
    public required string ActivityType { get; init; }
    public required string Url { get; init; }
    public required byte[] Body { get; init; }
    public required string Signature { get; init; }

    /// <summary>pending, delivered or failed.</summary>
    public required string Status { get; init; }

    public required int Attempts { get; init; }
    public required int? LastStatusCode { get; init; }
    public required string? LastError { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset? NextAttemptAt { get; init; }
    public required DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>The delivery this one repeats (POST /sandbox/webhooks/{id}/redeliver), if any.</summary>
    public required long? RedeliveryOf { get; init; }
}
