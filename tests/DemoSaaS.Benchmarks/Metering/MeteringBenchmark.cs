using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DemoSaaS.Benchmarks.Infrastructure;
using DemoSaaS.Benchmarks.Reporting;
using DemoSaaS.Cheddar;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Benchmarks.Metering;

/// <summary>
/// Metering throughput: 50 users at once, each use recorded the way a feature page does (new unit of work,
/// <see cref="IUsageMeter.Record"/>, SaveChanges) while the app's own relay delivers to the embedded sandbox.
/// Then every use must be in Cheddar exactly once, and no flush may call add-item-quantity twice for one customer and item.
/// </summary>
public sealed class MeteringBenchmark : IBenchmark
{
    private const string Title = "Metering";
    private const int Users = 50;
    private const string AddItemQuantity = "customers/add-item-quantity";

    public string Name => "metering";

    public async Task<IReadOnlyList<Figure>> RunAsync(RunSize size, CancellationToken cancellationToken)
    {
        await using var app = await new BenchmarkApp().StartAsync(cancellationToken);
        var users = Enumerable.Range(0, Users).Select(_ => Guid.NewGuid().ToString()).ToArray();
        Console.WriteLine($"  metering: creating {Users} Cheddar customers on PRO");
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (user, ct) => await BenchmarkUser.CreateCustomerAsync(app, user, ct));
        var recorded = new ConcurrentDictionary<string, int>(users.ToDictionary(u => u, _ => 0));

        // Warm-up: one use each (JIT, EF model, the relay's first customers/get per customer), delivered before timing.
        await MeteredUses.RecordAsync([app], users, 1, recorded, TimeSpan.FromSeconds(60), cancellationToken);
        await MeteredUses.DrainAsync(app, TimeSpan.FromSeconds(60), cancellationToken);

        Console.WriteLine($"  metering: {Users} users × {size.UsesPerUser} uses");
        var load = await MeteredUses.RecordAsync([app], users, size.UsesPerUser, recorded, TimeSpan.FromMinutes(2), cancellationToken);
        var drainClock = Stopwatch.StartNew();
        var drained = await MeteredUses.DrainAsync(app, TimeSpan.FromMinutes(2), cancellationToken);
        drainClock.Stop();

        // What limits the rate, and what the durability setting buys (docs/decisions/0005-sqlite-durability.md): the same
        // uses one at a time, then with every commit synced (WAL, synchronous=FULL), then with the rollback journal and
        // synchronous=FULL as before ADR 0005 (a quarter of the uses: each takes several fsyncs).
        Console.WriteLine("  metering: the same uses one at a time");
        var sequential = await MeteredUses.RecordAsync([app], users, Math.Max(1, size.UsesPerUser / 10), recorded, TimeSpan.FromMinutes(1), cancellationToken, concurrency: 1);
        Console.WriteLine("  metering: again, with PRAGMA synchronous=FULL");
        app.Synchronous.Mode = "FULL";
        var syncedEachCommit = await MeteredUses.RecordAsync([app], users, size.UsesPerUser, recorded, TimeSpan.FromMinutes(2), cancellationToken);
        var allDelivered = drained && await MeteredUses.DrainAsync(app, TimeSpan.FromMinutes(2), cancellationToken);
        Console.WriteLine("  metering: again, with the rollback journal and PRAGMA synchronous=FULL");
        var journal = await SetJournalModeAsync(app, "delete", cancellationToken);
        var rollbackJournal = journal == "delete"
            ? await MeteredUses.RecordAsync([app], users, Math.Max(1, size.UsesPerUser / 4), recorded, TimeSpan.FromMinutes(2), cancellationToken)
            : null;
        app.Synchronous.Mode = null;
        allDelivered = allDelivered && await MeteredUses.DrainAsync(app, TimeSpan.FromMinutes(2), cancellationToken);

        var customers = app.Services.GetRequiredService<ICheddarCustomers>();
        var difference = 0m;
        foreach (var user in users)
        {
            var customer = await customers.GetAsync(user, cancellationToken);
            var inCheddar = customer.CurrentSubscription?.FindUsage("REPORTS")?.Used ?? 0;
            difference += Math.Abs(inCheddar - recorded[user]);
        }

        var adds = app.CheddarRequests.Requests.Where(r => r.Action == AddItemQuantity).ToList();
        var maxPerFlush = adds.GroupBy(r => (r.Flush, r.CustomerCode, r.ItemCode)).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        var flushesThatCalled = adds.Select(r => r.Flush).Distinct().Count();
        var sets = app.CheddarRequests.Count("customers/set-item-quantity");
        var totalUses = recorded.Values.Sum();
        var usesPerSecond = load.Succeeded / load.Elapsed.TotalSeconds;

        return
        [
            Figure.Checked(Title, $"uses recorded/s, {Users} concurrent users (IUsageMeter + SaveChanges)",
                Rate(load),
                "≥ 2,000/s", usesPerSecond >= 2000 && load.Failed == 0),
            Figure.Info(Title, "  same, one use at a time (1 user)", Rate(sequential)),
            Figure.Info(Title, "  same, 50 users, every commit synced (WAL, synchronous=FULL)", Rate(syncedEachCommit)),
            Figure.Info(Title, "  same, 50 users, rollback journal + FULL (before ADR 0005)",
                rollbackJournal is null ? $"not measured: journal_mode stayed '{journal}'" : Rate(rollbackJournal)),
            Figure.Checked(Title, "add-item-quantity calls per customer+item per flush (max)",
                maxPerFlush.ToString(CultureInfo.InvariantCulture), "≤ 1", maxPerFlush <= 1),
            Figure.Info(Title, "add-item-quantity calls / relay flushes that called",
                $"{adds.Count} / {flushesThatCalled} ({(double)adds.Count / Math.Max(1, flushesThatCalled):0.0} per flush, {(double)totalUses / Math.Max(1, adds.Count):0.0} uses per call; {app.Flushes.Current} flushes in all, {sets} set-item-quantity)"),
            Figure.Checked(Title, "Σ |Cheddar quantity − local count| over the users",
                $"{difference.ToString("0.####", CultureInfo.InvariantCulture)} ({totalUses} uses)", "0", difference == 0 && allDelivered),
            Figure.Info(Title, "outbox drained after the last use",
                drained ? $"{drainClock.Elapsed.TotalSeconds:0.0} s" : $"NOT within {drainClock.Elapsed.TotalSeconds:0} s"),
        ];
    }

    private static string Rate(LoadResult load) =>
        $"{(load.Succeeded / load.Elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture)}/s ({load.Succeeded} uses in {load.Elapsed.TotalSeconds:0.0} s{(load.Failed > 0 ? $", {load.Failed} failed" : "")}{(load.HitTimeLimit ? ", time limit hit" : "")})";

    /// <summary>
    /// Switches the app's database to another journal mode and returns the mode SQLite reports. Leaving WAL needs
    /// every other connection closed, so the pool is emptied first and a flush of the relay in progress is waited out.
    /// </summary>
    private static async Task<string> SetJournalModeAsync(BenchmarkApp app, string mode, CancellationToken cancellationToken)
    {
        var reported = "";
        for (var attempt = 0; attempt < 20 && reported != mode; attempt++)
        {
            SqliteConnection.ClearAllPools();
            await using var connection = new SqliteConnection($"DataSource={app.DatabasePath};Pooling=False");
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA journal_mode={mode};";
            reported = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) ?? "";
            if (reported != mode)
            {
                await Task.Delay(250, cancellationToken);
            }
        }
        return reported;
    }
}
