using DemoSaaS.Cheddar.Models;
using DemoSaaS.Web.Features.Billing.Gating;

namespace DemoSaaS.Web.Features.Account;

/// <summary>
/// The billing side the account page keeps in step: gating's per-customer snapshot (so a change Cheddar accepted
/// gates at once) and the webhook events billing stored.
/// </summary>
public interface IAccountBillingSync
{
    /// <summary>Take before a Cheddar call whose answer goes to <see cref="Accepted"/>: it orders that answer among gating's snapshots.</summary>
    SnapshotVersion BeforeRequest();

    /// <summary>
    /// Cheddar's customer document after a change (or a read) that started at <paramref name="requestedAt"/>: gating
    /// uses it from now on, unless it already holds an answer to a later request.
    /// </summary>
    void Accepted(Customer customer, SnapshotVersion requestedAt);

    /// <summary>A change's outcome is unknown: gating must ask Cheddar again before deciding.</summary>
    void Invalidate(string customerCode);

    /// <summary>The customer's latest webhook events, newest first.</summary>
    Task<IReadOnlyList<BillingEventLine>> RecentEventsAsync(string customerCode, int count, CancellationToken cancellationToken);
}
