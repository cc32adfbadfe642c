using DemoSaaS.Cheddar.Models;

namespace DemoSaaS.Cheddar.Webhooks;

/// <summary>The invoice inside a webhook, with the transaction concerned.</summary>
public sealed record WebhookInvoice
{
    public string? Id { get; init; }
    public int? Number { get; init; }
    public string? Type { get; init; }
    public DateTimeOffset? BillingDatetime { get; init; }
    public string? PaidTransactionId { get; init; }
    public IReadOnlyList<Charge> Charges { get; init; } = [];
    public Transaction? Transaction { get; init; }
}
