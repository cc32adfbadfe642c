using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DemoSaaS.Benchmarks.Infrastructure;
using DemoSaaS.Benchmarks.Reporting;
using DemoSaaS.Cheddar;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing.Metering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Benchmarks.Metering;

/// <summary>
/// Metering on several instances, side by side in one run: two app instances on one PostgreSQL database with one
/// Cheddar sandbox, one instance on PostgreSQL, one on SQLite — each with a fresh database and sandbox, the same 50
/// users recording the same number of uses the way a feature page does (new unit of work, IUsageMeter.Record,
/// SaveChanges), every user's uses spread over the instances, while every instance's own relay delivers. Measured per
/// setup: the recording rate, the relay lag of every use (its commit, seen by the caller, to the relay recording
/// Cheddar's answer: the row's SettledAtUtc) and whether Cheddar's quantity per customer equals the uses recorded.
/// </summary>
public sealed class InstancesMeteringBenchmark(SharedPostgres postgres) : IBenchmark
{
    private const string Title = "Metering, instances";
    private const int Users = 50;
    private const string AddItemQuantity = "customers/add-item-quantity";

    public string Name => "metering-pg";

    public async Task<IReadOnlyList<Figure>> RunAsync(RunSize size, CancellationToken cancellationToken)
    {
        var setups = new[]
        {
            new Setup("SQLite, 1 instance", Postgres: false, Instances: 1),
            new Setup("PostgreSQL, 1 instance", Postgres: true, Instances: 1),
            new Setup("PostgreSQL, 2 instances, one database", Postgres: true, Instances: 2),
        };
        var figures = new List<Figure> { Figure.Info(Title, "database server (throwaway cluster, loopback TCP)", await postgres.DescribeAsync(cancellationToken)) };
        foreach (var setup in setups)
        {
            Console.WriteLine($"  metering-pg: {setup.Name} (load average {MachineInfo.LoadAverage()})");
            try
            {
                figures.AddRange(Figures(setup, await MeasureAsync(setup, size, cancellationToken)));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // One setup that cannot run (e.g. a build without the PostgreSQL provider) leaves the others' figures.
                Console.Error.WriteLine($"  metering-pg: {setup.Name} failed: {ex}");
                figures.Add(Figure.NotMeasured(Title, $"{setup.Name}: (run failed)", ex.GetType().Name + ": " + ex.Message.Split('\n')[0]));
            }
        }
        return figures;
    }

    private static IEnumerable<Figure> Figures(Setup setup, Result result)
    {
        var twoInstances = setup.Instances > 1;
        var rate = result.Load.Succeeded / result.Load.Elapsed.TotalSeconds;
        var rateText = $"{rate.ToString("N0", CultureInfo.InvariantCulture)}/s ({result.Load.Succeeded} uses in {result.Load.Elapsed.TotalSeconds:0.0} s" +
            $"{(result.Load.Failed > 0 ? $", {result.Load.Failed} failed" : "")}{(result.Load.HitTimeLimit ? ", time limit hit" : "")}; load {result.LoadAverage})";
        var rateName = $"{setup.Name}: uses recorded/s, {Users} users at once";
        yield return twoInstances
            ? Figure.Checked(Title, rateName, rateText, "≥ 2,000/s", rate >= 2000 && result.Load.Failed == 0 && !result.Load.HitTimeLimit)
            : Figure.Info(Title, rateName, rateText);

        yield return Figure.Info(Title, "  during the load", result.During);

        var lagName = "  relay lag (commit → Cheddar's answer recorded) p50 / p95 / max";
        if (result.Lag is { } lag)
        {
            var lagText = $"{Seconds(lag.P50)} / {Seconds(lag.P95)} / {Seconds(lag.Percentile(100))} ({lag.Count} uses{(result.Undelivered > 0 ? $", {result.Undelivered} NOT delivered" : "")})";
            yield return twoInstances
                ? Figure.Checked(Title, lagName, lagText, "p95 ≤ 5 s", lag.P95 <= 5000 && result.Undelivered == 0)
                : Figure.Info(Title, lagName, lagText);
        }
        else
        {
            yield return Figure.NotMeasured(Title, lagName, "no use was delivered");
        }

        yield return Figure.Checked(Title, "  Cheddar quantity − uses recorded, Σ abs over the users",
            $"{result.CheddarDifference.ToString("0.####", CultureInfo.InvariantCulture)} ({result.TotalUses} uses; in the database, outbox − recorded: {result.DatabaseDifference.ToString("0.####", CultureInfo.InvariantCulture)})",
            "0", result.CheddarDifference == 0 && result.DatabaseDifference == 0 && result.Drained);
        yield return Figure.Info(Title, "  add-item-quantity calls" + (twoInstances ? " by instance A / B" : ""),
            $"{string.Join(" / ", result.CallsByInstance)} ({(double)result.TotalUses / Math.Max(1, result.CallsByInstance.Sum()):0.0} uses per call); outbox drained {(result.Drained ? $"{result.DrainSeconds:0.0} s" : $"NOT within {result.DrainSeconds:0} s")} after the last use");
    }

    private async Task<Result> MeasureAsync(Setup setup, RunSize size, CancellationToken cancellationToken)
    {
        await using var sandbox = await StandaloneSandbox.StartAsync(cancellationToken);
        var settings = new Dictionary<string, string?>(sandbox.AppSettings);
        if (setup.Postgres)
        {
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:DefaultConnection"] = await postgres.CreateDatabaseAsync(cancellationToken);
        }

        var apps = new List<BenchmarkApp>();
        try
        {
            // One after the other: the first creates the schema (as the setup step does before a deployment's instances start).
            for (var i = 0; i < setup.Instances; i++)
            {
                apps.Add(await new BenchmarkApp(settings, registerWebhook: i == 0).StartAsync(cancellationToken));
            }

            var users = Enumerable.Range(0, Users).Select(_ => Guid.NewGuid().ToString()).ToArray();
            await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
                async (user, ct) => await BenchmarkUser.CreateCustomerAsync(apps[0], user, ct));
            var recorded = new ConcurrentDictionary<string, int>(users.ToDictionary(u => u, _ => 0));
            var committedAt = new ConcurrentDictionary<long, DateTime>();

            // Warm-up: one use per user on every instance (JIT, EF model, pools, the relays' first customers/get), delivered first.
            await MeteredUses.RecordAsync(apps, users, apps.Count, recorded, TimeSpan.FromSeconds(60), cancellationToken);
            await MeteredUses.DrainAsync(apps[0], TimeSpan.FromSeconds(60), cancellationToken);
            var callsBefore = apps.Select(a => a.CheddarRequests.Count(AddItemQuantity)).ToArray();

            var loadAverage = MachineInfo.LoadAverage();
            await using var window = new LoadWindow(setup.Postgres ? settings["ConnectionStrings:DefaultConnection"] : null);
            var load = await MeteredUses.RecordAsync(apps, users, size.UsesPerUser, recorded, TimeSpan.FromSeconds(60), cancellationToken, committedAt: committedAt);
            var during = await window.EndAsync();
            var drainClock = Stopwatch.StartNew();
            var drained = await MeteredUses.DrainAsync(apps[0], TimeSpan.FromSeconds(60), cancellationToken);
            drainClock.Stop();

            await using var scope = apps[0].Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var settled = await db.UsageOutbox
                .Where(u => u.State == UsageState.Delivered)
                .Select(u => new { u.Id, u.SettledAtUtc })
                .ToDictionaryAsync(u => u.Id, u => u.SettledAtUtc, cancellationToken);
            var lags = committedAt
                .Where(c => settled.TryGetValue(c.Key, out var at) && at is not null)
                .Select(c => (settled[c.Key]!.Value - c.Value).TotalMilliseconds)
                .ToList();
            // Summed here: SQLite cannot sum decimals in SQL.
            var inDatabase = (await db.UsageOutbox.Select(u => new { u.CustomerCode, u.Quantity }).ToListAsync(cancellationToken))
                .GroupBy(u => u.CustomerCode)
                .ToDictionary(g => g.Key, g => g.Sum(u => u.Quantity));

            var customers = apps[0].Services.GetRequiredService<ICheddarCustomers>();
            var cheddarDifference = 0m;
            var databaseDifference = 0m;
            foreach (var user in users)
            {
                var customer = await customers.GetAsync(user, cancellationToken);
                cheddarDifference += Math.Abs((customer.CurrentSubscription?.FindUsage("REPORTS")?.Used ?? 0) - recorded[user]);
                databaseDifference += Math.Abs(inDatabase.GetValueOrDefault(user) - recorded[user]);
            }

            return new Result
            {
                Load = load,
                LoadAverage = loadAverage,
                During = during,
                Lag = lags.Count > 0 ? new LatencyStats(lags) : null,
                Undelivered = committedAt.Count - lags.Count,
                Drained = drained,
                DrainSeconds = drainClock.Elapsed.TotalSeconds,
                TotalUses = recorded.Values.Sum(),
                CheddarDifference = cheddarDifference,
                DatabaseDifference = databaseDifference,
                CallsByInstance = apps.Select((a, i) => a.CheddarRequests.Count(AddItemQuantity) - callsBefore[i]).ToArray(),
            };
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }
        }
    }

    private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s";

    private sealed record Setup(string Name, bool Postgres, int Instances);

    private sealed record Result
    {
        public required LoadResult Load { get; init; }

        public required string LoadAverage { get; init; }

        public required string During { get; init; }

        public required LatencyStats? Lag { get; init; }

        public required int Undelivered { get; init; }

        public required bool Drained { get; init; }

        public required double DrainSeconds { get; init; }

        public required int TotalUses { get; init; }

        public required decimal CheddarDifference { get; init; }

        public required decimal DatabaseDifference { get; init; }

        public required int[] CallsByInstance { get; init; }
    }
}
