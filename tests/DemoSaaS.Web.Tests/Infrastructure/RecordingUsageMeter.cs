using System.Collections.Concurrent;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.Web.Tests.Infrastructure;

/// <summary>
/// Test stand-in for the billing engineer's IUsageMeter seam: records each use together with what was pending
/// in the caller's unit of work at that moment, so tests can see the use and the report share one SaveChanges.
/// </summary>
public sealed class RecordingUsageMeter : IUsageMeter
{
    public ConcurrentQueue<RecordedUse> Uses { get; } = new();

    public void Record(ApplicationDbContext db, string userId, MeteredFeature feature, decimal quantity = 1)
    {
        var pendingReports = db.ChangeTracker.Entries<Report>().Count(e => e.State == EntityState.Added);
        Uses.Enqueue(new RecordedUse(userId, feature, quantity, pendingReports));
    }

    public sealed record RecordedUse(string UserId, MeteredFeature Feature, decimal Quantity, int PendingReportsInSameUnitOfWork);
}
