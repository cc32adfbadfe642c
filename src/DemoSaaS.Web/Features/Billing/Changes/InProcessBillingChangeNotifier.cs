using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.Web.Features.Billing.Changes;

/// <summary>SQLite: one instance, so a change is only applied here (at commit).</summary>
internal sealed class InProcessBillingChangeNotifier(BillingChangeCommitHook commits) : IBillingChangeNotifier
{
    public Task NotifyWithinAsync(DbContext db, BillingChange change, CancellationToken cancellationToken)
    {
        commits.ApplyWhenCommitted(BillingChangeCommitHook.TransactionOf(db), change);
        return Task.CompletedTask;
    }

    public Task NotifyOthersAsync(BillingChange change, CancellationToken cancellationToken) => Task.CompletedTask;
}
