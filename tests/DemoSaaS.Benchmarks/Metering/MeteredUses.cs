using System.Collections.Concurrent;
using System.Diagnostics;
using DemoSaaS.Benchmarks.Infrastructure;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Features.Billing.Metering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Benchmarks.Metering;

/// <summary>Records uses the way a feature page does, on one or several app instances, and waits for their relays to deliver them.</summary>
public static class MeteredUses
{
    /// <summary>
    /// Each user records <paramref name="usesPerUser"/> uses, one unit of work each (new scope, <see cref="IUsageMeter.Record"/>,
    /// SaveChanges); by default all users at once. Operation i goes to user i mod n on instance (i div n) mod the instances,
    /// so every user is busy at the same time, on every instance. With <paramref name="committedAt"/>, the caller's commit
    /// time (UTC, taken when SaveChanges returned) is kept per outbox row id. With <paramref name="usesPerSecond"/>, use i
    /// starts no earlier than i ÷ that rate after the first (a steady offered load instead of as fast as possible).
    /// </summary>
    public static Task<LoadResult> RecordAsync(IReadOnlyList<BenchmarkApp> apps, string[] users, int usesPerUser, ConcurrentDictionary<string, int> recorded,
        TimeSpan timeLimit, CancellationToken cancellationToken, int? concurrency = null, ConcurrentDictionary<long, DateTime>? committedAt = null,
        double? usesPerSecond = null)
    {
        var started = Stopwatch.GetTimestamp();
        return BoundedLoad.RunAsync(users.Length * usesPerUser, concurrency ?? users.Length, timeLimit, async (index, ct) =>
        {
            if (usesPerSecond is { } rate && TimeSpan.FromSeconds(index / rate) - Stopwatch.GetElapsedTime(started) is { } early && early > TimeSpan.Zero)
            {
                await Task.Delay(early, ct);
            }
            var user = users[index % users.Length];
            var app = apps[index / users.Length % apps.Count];
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            scope.ServiceProvider.GetRequiredService<IUsageMeter>().Record(db, user, MeteredFeature.Reports);
            await db.SaveChangesAsync(ct);
            if (committedAt is not null)
            {
                committedAt[db.ChangeTracker.Entries<UsageOutboxEntry>().Single().Entity.Id] = DateTime.UtcNow;
            }
            recorded.AddOrUpdate(user, 1, (_, count) => count + 1);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Waits until no use is pending or claimed in <paramref name="app"/>'s database (shared by all instances); false at the
    /// time limit or when any use ended other than delivered (or covered by a report pack).
    /// </summary>
    public static async Task<bool> DrainAsync(BenchmarkApp app, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeLimit)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            if (!await db.UsageOutbox.AnyAsync(u => u.State == UsageState.Pending || u.State == UsageState.Claimed, cancellationToken))
            {
                return !await db.UsageOutbox.AnyAsync(u => u.State != UsageState.Delivered && u.State != UsageState.CoveredByReportPack, cancellationToken);
            }
            await Task.Delay(50, cancellationToken);
        }
        return false;
    }
}
