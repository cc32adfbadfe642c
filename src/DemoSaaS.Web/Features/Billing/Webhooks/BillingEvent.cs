namespace DemoSaaS.Web.Features.Billing.Webhooks;

/// <summary>A Cheddar webhook event, stored once per activity id; the account page lists them as recent billing events.</summary>
public sealed class BillingEvent
{
    /// <summary>Cheddar's activityId: the same for every redelivery of one event.</summary>
    public required string ActivityId { get; set; }

    public required string ActivityType { get; set; }

    /// <summary>The customer the event concerns (our user id); null if the event names none.</summary>
    public string? CustomerCode { get; set; }

    public DateTime? OccurredAtUtc { get; set; }

    public DateTime ReceivedAtUtc { get; set; }

    /// <summary>One line for people, e.g. "Subscription canceled (PRO)".</summary>
    public required string Summary { get; set; }
}
