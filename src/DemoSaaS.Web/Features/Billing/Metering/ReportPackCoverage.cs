using DemoSaaS.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// The uses report packs paid for (docs/decisions/0004-report-pack-quota.md): outbox rows in state
/// <see cref="UsageState.CoveredByReportPack"/>. What was bought is <see cref="Usage.ReportPackCredit"/>.
/// </summary>
public static class ReportPackCoverage
{
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
