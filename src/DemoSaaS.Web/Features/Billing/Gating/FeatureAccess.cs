using System.Globalization;
using DemoSaaS.Web.Features.Billing.Usage;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Billing.Gating;

/// <summary>
/// Decides from the customer's snapshot: active subscription (a trial counts), the plan's entitlement, and the
/// quota as <see cref="UsageAgainstQuota"/> measures it (Cheddar's quantity plus the uses recorded here and not yet
/// delivered, and report packs). A page that then records a use holds <see cref="IQuotaLock"/> from the check to the commit.
/// </summary>
internal sealed class FeatureAccess(
    CustomerSnapshotCache snapshots,
    UsageAgainstQuota quota,
    IOptions<BillingOptions> options) : IFeatureAccess
{
    public Task<AccessDecision> CheckAsync(string userId, MeteredFeature feature, CancellationToken cancellationToken = default) =>
        DecideAsync(userId, feature, fresh: false, cancellationToken);

    /// <summary>As <see cref="CheckAsync"/>, with the pending uses read now (see <see cref="PendingUsage"/>).</summary>
    public Task<AccessDecision> CheckForUseAsync(string userId, MeteredFeature feature, CancellationToken cancellationToken = default) =>
        DecideAsync(userId, feature, fresh: true, cancellationToken);

    private async Task<AccessDecision> DecideAsync(string userId, MeteredFeature feature, bool fresh, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var read = await snapshots.GetAsync(userId, cancellationToken);
        if (read.IsUnavailable || read.Snapshot is null)
        {
            return new AccessDecision
            {
                Allowed = false,
                DenialReason = AccessDenialReason.BillingUnavailable,
                Message = "We can't reach our billing provider right now, so this feature is paused. Please try again in a few minutes.",
                AsOf = read.Snapshot?.AsOf,
                IsStale = true,
            };
        }

        var snapshot = read.Snapshot;
        var subscription = snapshot.Customer?.CurrentSubscription;
        if (subscription is null)
        {
            return Denied(snapshot, read.IsStale, AccessDenialReason.NoSubscription,
                "Your account has no subscription. Choose a plan to use this feature.");
        }

        var planCode = subscription.Plan.Code;
        if (!subscription.IsActive(snapshot.EffectiveNow))
        {
            var when = subscription.CanceledDatetime?.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
            return Denied(snapshot, read.IsStale, AccessDenialReason.Canceled,
                $"Your subscription was canceled{(when is null ? "" : $" on {when}")}. Resubscribe on the Account page to continue.", planCode);
        }

        var itemCode = options.Value.ItemCodeFor(feature);
        var featureName = feature == MeteredFeature.Reports ? "Reports" : "Exports";
        // Usage against quota exactly as the account page shows it: Cheddar's count, pending and pack-covered uses,
        // the plan's included units and the packs' credit (ADR 0004).
        var usage = UsageAgainstQuota.Offers(subscription.Plan.FindItem(itemCode))
            ? await quota.ForItemAsync(userId, snapshot.Customer, itemCode, snapshot.AsOf, fresh, cancellationToken)
            : null;
        if (usage is null)
        {
            return Denied(snapshot, read.IsStale, AccessDenialReason.NotInPlan,
                $"{featureName} are not part of the {subscription.Plan.Name} plan. Upgrade to PRO or TEAM to use them.", planCode);
        }

        var decision = new AccessDecision
        {
            Allowed = true,
            PlanCode = planCode,
            Used = usage.Used,
            Included = usage.Allowance,
            IsUnlimited = usage.IsUnlimited,
            AsOf = snapshot.AsOf,
            IsStale = read.IsStale,
        };
        if (usage.Fits(1))
        {
            return decision;
        }
        if (usage.OverageAmount > 0)
        {
            return decision with
            {
                IsOverage = true,
                Message = $"You have used the {usage.Allowance:0.####} {featureName.ToLowerInvariant()} included this period; "
                    + $"each further one is billed as overage at {usage.OverageAmount.ToString("0.00", CultureInfo.InvariantCulture)}.",
            };
        }
        return decision with
        {
            Allowed = false,
            DenialReason = AccessDenialReason.QuotaReached,
            Message = $"You have used all {usage.Allowance:0.####} {featureName.ToLowerInvariant()} included in the {subscription.Plan.Name} plan this period. "
                + "Upgrade to PRO or TEAM for more, or buy a report pack on the Account page.",
        };
    }

    private static AccessDecision Denied(CustomerSnapshot snapshot, bool isStale, AccessDenialReason reason, string message, string? planCode = null) => new()
    {
        Allowed = false,
        DenialReason = reason,
        Message = message,
        PlanCode = planCode,
        AsOf = snapshot.AsOf,
        IsStale = isStale,
    };
}
