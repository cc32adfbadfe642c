using System.Globalization;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Account;
using DemoSaaS.Web.Features.Billing.Metering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Billing.Gating;

/// <summary>
/// Decides from the customer's snapshot: active subscription (a trial counts), the plan's entitlement, and the
/// quota, where usage is Cheddar's quantity plus the uses recorded here and not yet delivered.
/// </summary>
internal sealed class FeatureAccess(
    CustomerSnapshotCache snapshots,
    PendingUsage pending,
    IServiceScopeFactory scopes,
    IOptions<BillingOptions> options,
    IOptions<AccountOptions> accountOptions) : IFeatureAccess
{
    public async Task<AccessDecision> CheckAsync(string userId, MeteredFeature feature, CancellationToken cancellationToken = default)
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
        var planItem = subscription.Plan.FindItem(itemCode);
        var featureName = feature == MeteredFeature.Reports ? "Reports" : "Exports";
        if (planItem is null || (!planItem.IsUnlimited && planItem.QuantityIncluded <= 0 && planItem.OverageAmount <= 0))
        {
            return Denied(snapshot, read.IsStale, AccessDenialReason.NotInPlan,
                $"{featureName} are not part of the {subscription.Plan.Name} plan. Upgrade to PRO or TEAM to use them.", planCode);
        }

        var cheddarQuantity = subscription.FindUsage(itemCode)?.Used ?? 0;
        // Report packs bought this period raise the allowance; the uses they paid for never reach Cheddar's count (ADR 0004).
        var packAsOf = AccountOverview.CheddarNow(snapshot.Customer, snapshot.EffectiveNow);
        var packCredit = ReportPackCoverage.CreditFor(snapshot.Customer, itemCode, packAsOf, accountOptions.Value);
        var coveredByPacks = packCredit > 0
            ? await CoveredByPacksAsync(userId, itemCode, ReportPackCredit.PeriodStart(snapshot.Customer!, packAsOf), cancellationToken)
            : 0;
        var used = cheddarQuantity + coveredByPacks + await pending.QuantityAsync(userId, itemCode, cancellationToken);
        var included = planItem.QuantityIncluded + packCredit;
        var decision = new AccessDecision
        {
            Allowed = true,
            PlanCode = planCode,
            Used = used,
            Included = included,
            IsUnlimited = planItem.IsUnlimited,
            AsOf = snapshot.AsOf,
            IsStale = read.IsStale,
        };
        if (planItem.IsUnlimited || used + 1 <= included)
        {
            return decision;
        }
        if (planItem.OverageAmount > 0)
        {
            return decision with
            {
                IsOverage = true,
                Message = $"You have used the {included:0.####} {featureName.ToLowerInvariant()} included this period; "
                    + $"each further one is billed as overage at {planItem.OverageAmount.ToString("0.00", CultureInfo.InvariantCulture)}.",
            };
        }
        return decision with
        {
            Allowed = false,
            DenialReason = AccessDenialReason.QuotaReached,
            Message = $"You have used all {included:0.####} {featureName.ToLowerInvariant()} included in the {subscription.Plan.Name} plan this period. "
                + "Upgrade to PRO or TEAM for more, or buy a report pack on the Account page.",
        };
    }

    private async Task<decimal> CoveredByPacksAsync(string userId, string itemCode, DateTimeOffset periodStart, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await ReportPackCoverage.CoveredSinceAsync(db, userId, itemCode, periodStart, cancellationToken);
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
