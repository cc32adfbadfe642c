using DemoSaaS.Web.Features.Billing.Cheddar;

namespace DemoSaaS.Web.Features.Billing.Gating;

/// <summary>
/// <see cref="GatingMode.Naive"/>: what gating costs without a snapshot cache — customers/get on every check, then
/// the same decision as the snapshot gate makes from that fresh answer. The benchmarks' baseline; Cheddar errors propagate.
/// </summary>
internal sealed class NaiveFeatureAccess(CheddarBilling cheddar, CustomerSnapshotCache snapshots, FeatureAccess decide) : IFeatureAccess
{
    public async Task<AccessDecision> CheckAsync(string userId, MeteredFeature feature, CancellationToken cancellationToken = default)
    {
        await RefreshAsync(userId, cancellationToken);
        return await decide.CheckAsync(userId, feature, cancellationToken);
    }

    public async Task<AccessDecision> CheckForUseAsync(string userId, MeteredFeature feature, CancellationToken cancellationToken = default)
    {
        await RefreshAsync(userId, cancellationToken);
        return await decide.CheckForUseAsync(userId, feature, cancellationToken);
    }

    private async Task RefreshAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var requestedAt = snapshots.Version();
        var customer = await cheddar.FindCustomerAsync(userId, cancellationToken);
        if (customer is null)
        {
            snapshots.StoreMissing(userId);
        }
        else
        {
            snapshots.Store(customer, requestedAt);
        }
    }
}
