using DemoSaaS.Web.Features.Billing.Gating;
using DemoSaaS.Web.Features.Billing.Metering;

namespace DemoSaaS.Web.Features.Billing.Changes;

/// <summary>Applies a change in this instance's memory: the one place that knows what each kind of change invalidates.</summary>
internal sealed class LocalBillingChanges(CustomerSnapshotCache snapshots, UsageOutboxChanges outboxChanges)
{
    public void Apply(BillingChange change)
    {
        switch (change.Kind)
        {
            case BillingChangeKind.UsageOutbox:
                outboxChanges.Bump();
                break;
            default:
                // Customer, and any kind a newer instance sends that this one does not know: forgetting is always safe.
                snapshots.Invalidate(change.CustomerCode);
                break;
        }
    }

    /// <summary>Changes may have been missed (the listening connection was lost): nothing kept of any customer is trusted.</summary>
    public void ApplyAll()
    {
        snapshots.InvalidateAll();
        outboxChanges.Bump();
    }
}
