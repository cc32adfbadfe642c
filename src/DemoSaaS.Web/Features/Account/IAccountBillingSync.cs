using DemoSaaS.Cheddar.Models;
using DemoSaaS.Web.Features.Billing.Gating;

namespace DemoSaaS.Web.Features.Account;

/// <summary>
/// The billing side the account page keeps in step: gating's per-customer snapshot (so a change Cheddar accepted
/// gates at once, on this instance and every other one) and the webhook events billing stored.
/// </summary>
public interface IAccountBillingSync
{
    /// <summary>Take before a Cheddar call whose answer goes to <see cref="Accepted"/>: it orders that answer among gating's snapshots.</summary>
    SnapshotVersion BeforeRequest();

    /// <summary>
    /// Cheddar's customer document after a read that started at <paramref name="requestedAt"/>: gating uses it from
    /// now on, unless it already holds an answer to a later request.
    /// </summary>
    void Accepted(Customer customer, SnapshotVersion requestedAt);

    /// <summary>
    /// Cheddar's customer document after a change that started at <paramref name="requestedAt"/> (or the document it
    /// returned with a refusal): gating here uses it as <see cref="Accepted"/> does, and every other instance forgets
    /// its snapshot of the customer.
    /// </summary>
    Task ChangedAsync(Customer customer, SnapshotVersion requestedAt, CancellationToken cancellationToken);

    /// <summary>A change's outcome is unknown: gating on every instance must ask Cheddar again before deciding.</summary>
    Task InvalidateAsync(string customerCode, CancellationToken cancellationToken);

    /// <summary>The customer's latest webhook events, newest first.</summary>
    Task<IReadOnlyList<BillingEventLine>> RecentEventsAsync(string customerCode, int count, CancellationToken cancellationToken);
}
