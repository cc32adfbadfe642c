using DemoSaaS.Cheddar.Models;

namespace DemoSaaS.Cheddar.Webhooks;

/// <summary>One webhook delivery. Deliveries repeat: use <see cref="ActivityId"/> to apply each event once.</summary>
public sealed record CheddarWebhookEvent
{
    public required CheddarActivityType ActivityType { get; init; }

    /// <summary>The <c>activityType</c> exactly as sent, e.g. for <see cref="CheddarActivityType.Unknown"/> events.</summary>
    public required string ActivityTypeName { get; init; }

    /// <summary>Unique per event; every redelivery repeats it.</summary>
    public string? ActivityId { get; init; }

    public DateTimeOffset? ActivityDatetime { get; init; }
    public WebhookProduct? Product { get; init; }
    public WebhookCustomer? Customer { get; init; }

    /// <summary>The customer's current subscription (absent for customerDeleted).</summary>
    public WebhookSubscription? Subscription { get; init; }

    /// <summary>For subscriptionChanged: the subscription before the change.</summary>
    public WebhookSubscription? PreviousSubscription { get; init; }

    /// <summary>The invoice concerned (transaction events), else the current one.</summary>
    public WebhookInvoice? Invoice => Subscription?.Invoice;

    public Transaction? Transaction => Subscription?.Invoice?.Transaction;
}
