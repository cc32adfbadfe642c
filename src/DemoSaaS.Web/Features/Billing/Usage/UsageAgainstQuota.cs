using DemoSaaS.Cheddar.Models;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing.Gating;
using DemoSaaS.Web.Features.Billing.Metering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Billing.Usage;

/// <summary>
/// The one place that measures usage against quota: Cheddar's quantity, the uses still in the outbox, the uses report
/// packs paid for, the plan's included units and the packs' credit, all judged at <see cref="BillingClock"/>'s "now".
/// Gating decides with it and the account page shows it, so the two can never disagree.
/// </summary>
public sealed class UsageAgainstQuota
{
    private readonly PendingUsage _pending;
    private readonly IDbContextFactory<ApplicationDbContext> _databases;
    private readonly IOptions<ReportPackOptions> _packs;

    internal UsageAgainstQuota(PendingUsage pending, IDbContextFactory<ApplicationDbContext> databases, IOptions<ReportPackOptions> packs)
    {
        _pending = pending;
        _databases = databases;
        _packs = packs;
    }

    /// <summary>
    /// One item of the customer's current subscription; null without a subscription or when neither the plan nor the
    /// subscription knows the item. <paramref name="ourNow"/> is our clock; Cheddar's is taken when it is ahead.
    /// </summary>
    /// <param name="fresh">
    /// The measure decides whether a use may be recorded (under <see cref="IQuotaLock"/>): the pending uses are read now,
    /// never reused from an earlier read (which, on PostgreSQL, may miss another instance's latest uses for a moment).
    /// </param>
    public async Task<QuotaUsage?> ForItemAsync(string customerCode, Customer? customer, string itemCode, DateTimeOffset ourNow, bool fresh, CancellationToken cancellationToken)
    {
        var item = customer?.CurrentSubscription?.FindUsage(itemCode);
        return item is null ? null : await MeasureAsync(customerCode, customer!, item, BillingClock.Now(customer, ourNow), fresh, cancellationToken);
    }

    /// <summary>Every tracked item of the customer's current subscription (none without one).</summary>
    public async Task<IReadOnlyList<QuotaUsage>> ForSubscriptionAsync(string customerCode, Customer? customer, DateTimeOffset ourNow, CancellationToken cancellationToken)
    {
        if (customer?.CurrentSubscription is not { } subscription)
        {
            return [];
        }
        var asOf = BillingClock.Now(customer, ourNow);
        var lines = new List<QuotaUsage>();
        foreach (var item in subscription.Usage)
        {
            // What the account page shows: advisory, like a feature page's decision.
            lines.Add(await MeasureAsync(customerCode, customer, item, asOf, fresh: false, cancellationToken));
        }
        return lines;
    }

    /// <summary>The plan offers the item at all: unlimited, some included, or a price per unit (EXPORTS on FREE is none of these).</summary>
    public static bool Offers(PlanItem? planItem) =>
        planItem is not null && (planItem.IsUnlimited || planItem.QuantityIncluded > 0 || planItem.OverageAmount > 0);

    /// <summary>The arithmetic alone, for a customer document and what was counted here.</summary>
    public static QuotaUsage Measure(ItemUsage item, decimal pending, decimal coveredByPacks, decimal packCredit) => new()
    {
        ItemCode = item.ItemCode,
        Name = item.Name ?? item.ItemCode,
        CheddarQuantity = item.Used,
        Pending = pending,
        CoveredByPacks = coveredByPacks,
        Included = item.Included,
        PackCredit = packCredit,
        OverageAmount = item.OverageAmount,
        IsUnlimited = item.IsUnlimited,
    };

    private async Task<QuotaUsage> MeasureAsync(string customerCode, Customer customer, ItemUsage item, DateTimeOffset asOf, bool fresh, CancellationToken cancellationToken)
    {
        var packCredit = ReportPackCredit.UnitsFor(customer, item.ItemCode, asOf, _packs.Value);
        // Covered uses exist only where a pack was bought this period; without one this costs no query per view.
        var covered = packCredit > 0 ? await CoveredByPacksAsync(customerCode, item.ItemCode, ReportPackCredit.PeriodStart(customer, asOf), cancellationToken) : 0;
        var pending = await _pending.QuantityAsync(customerCode, item.ItemCode, customer, fresh, cancellationToken);
        return Measure(item, pending, covered, packCredit);
    }

    private async Task<decimal> CoveredByPacksAsync(string customerCode, string itemCode, DateTimeOffset periodStart, CancellationToken cancellationToken)
    {
        await using var db = await _databases.CreateDbContextAsync(cancellationToken);
        return await ReportPackCoverage.CoveredSinceAsync(db, customerCode, itemCode, periodStart, cancellationToken);
    }
}
