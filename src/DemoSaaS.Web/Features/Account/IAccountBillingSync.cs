using DemoSaaS.Cheddar.Models;

namespace DemoSaaS.Web.Features.Account;

/// <summary>
/// The billing side the account page keeps in step: gating's per-customer snapshot (so a change Cheddar accepted
/// gates at once) and the webhook events billing stored.
/// </summary>
public interface IAccountBillingSync
{
    /// <summary>Cheddar's customer document after a change (or a read): gating uses it from now on.</summary>
    void Accepted(Customer customer);

    /// <summary>A change's outcome is unknown: gating must ask Cheddar again before deciding.</summary>
    void Invalidate(string customerCode);

    /// <summary>
    /// Uses recorded here that Cheddar's count does not show: still on their way (the outbox) or paid for by a report
    /// pack this period (never sent). Gating counts them too.
    /// </summary>
    Task<decimal> UsageNotAtCheddarAsync(string customerCode, string itemCode, DateTimeOffset periodStart, CancellationToken cancellationToken);

    /// <summary>The customer's latest webhook events, newest first.</summary>
    Task<IReadOnlyList<BillingEventLine>> RecentEventsAsync(string customerCode, int count, CancellationToken cancellationToken);
}
