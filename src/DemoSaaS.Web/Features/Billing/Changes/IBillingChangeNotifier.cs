using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.Web.Features.Billing.Changes;

/// <summary>
/// Tells every app instance that a customer's billing changed, so that each one forgets what it kept of it (gating's
/// snapshot; see <see cref="BillingChangeKind"/>). On PostgreSQL a <c>NOTIFY</c> that every instance's listener hears;
/// on SQLite (one instance) the change is applied in process.
/// </summary>
public interface IBillingChangeNotifier
{
    /// <summary>
    /// Sends <paramref name="change"/> as part of <paramref name="db"/>'s open transaction, the one that records the
    /// change: every instance, this one included, applies it when and only if that transaction commits.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="db"/> has no open transaction.</exception>
    Task NotifyWithinAsync(DbContext db, BillingChange change, CancellationToken cancellationToken);

    /// <summary>
    /// Sends <paramref name="change"/> now, on its own, to the other instances, for a change made only at Cheddar (an
    /// account-page write): this instance keeps what it already knows, e.g. the customer document the write returned.
    /// Never throws: when the database cannot be reached the others catch up when their snapshots expire.
    /// </summary>
    Task NotifyOthersAsync(BillingChange change, CancellationToken cancellationToken);
}
