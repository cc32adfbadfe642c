using DemoSaaS.Web.Features.Billing.Gating;
using DemoSaaS.Web.Features.Billing.Metering;

namespace DemoSaaS.Web.Features.Billing.Changes;

/// <summary>Applies a change in this instance's memory: the one place that knows what each kind of change invalidates.</summary>
/// <remarks>
/// The snapshot cache is resolved on first use: this class is built with every DbContext (through the commit hook), and
/// the cache brings the Cheddar client, and with it the embedded sandbox, which a context used before the app serves
/// (the <c>--setup</c> run) must not start.
/// </remarks>
internal sealed class LocalBillingChanges(IServiceProvider services, UsageOutboxChanges outboxChanges)
{
    private CustomerSnapshotCache Snapshots => services.GetRequiredService<CustomerSnapshotCache>();

    public void Apply(BillingChange change)
    {
        switch (change.Kind)
        {
            case BillingChangeKind.UsageOutbox:
                outboxChanges.Bump();
                break;
            default:
                // Customer, and any kind a newer instance sends that this one does not know: forgetting is always safe.
                Snapshots.Invalidate(change.CustomerCode);
                break;
        }
    }

    /// <summary>Changes may have been missed (the listening connection was lost): nothing kept of any customer is trusted.</summary>
    public void ApplyAll()
    {
        Snapshots.InvalidateAll();
        outboxChanges.Bump();
    }
}
