using DemoSaaS.Cheddar.Models;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Account;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// Report packs in metering and gating (docs/decisions/0004-report-pack-quota.md): the units bought this period come
/// from Cheddar's paid one-time invoices; the uses they paid for are outbox rows in state <see cref="UsageState.CoveredByReportPack"/>.
/// </summary>
public static class ReportPackCoverage
{
    /// <summary>Units of <paramref name="itemCode"/> bought as packs this period (0 for other items).</summary>
    public static decimal CreditFor(Customer? customer, string itemCode, DateTimeOffset asOf, AccountOptions options) =>
        string.Equals(itemCode, options.ReportPackItemCode, StringComparison.Ordinal) ? ReportPackCredit.UnitsFor(customer, asOf, options) : 0;

    /// <summary>Uses already paid for by packs since the period began.</summary>
    public static async Task<decimal> CoveredSinceAsync(ApplicationDbContext db, string customerCode, string itemCode, DateTimeOffset periodStart, CancellationToken cancellationToken)
    {
        var since = periodStart.UtcDateTime;
        // SQLite cannot sum decimals server-side; a period's covered rows are at most a few packs' worth.
        var quantities = await db.UsageOutbox.AsNoTracking()
            .Where(u => u.CustomerCode == customerCode && u.ItemCode == itemCode && u.State == UsageState.CoveredByReportPack && u.RecordedAtUtc >= since)
            .Select(u => u.Quantity)
            .ToListAsync(cancellationToken);
        return quantities.Sum();
    }
}
