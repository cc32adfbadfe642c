namespace DemoSaaS.CheddarSandbox.Webhooks;

/// <summary>A published event, signed once, waiting to be written to the delivery log for each target.</summary>
internal sealed record WebhookEvent
{
    public required string ActivityId { get; init; }
    public required string ActivityType { get; init; }
    public required byte[] Body { get; init; }
    public required string Signature { get; init; }
    public required IReadOnlyList<string> Urls { get; init; }
    public required DateTimeOffset PublishedAt { get; init; }
}
