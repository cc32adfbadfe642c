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
/// Cheddar sandbox, one instance on PostgreSQL, one on SQLite — each with its own fresh database and standalone sandbox,
/// 50 users recording uses the way a feature page does (new unit of work, IUsageMeter.Record, SaveChanges), every
/// user's uses spread over the instances, while every instance's own relay delivers. The three setups run in
/// interleaved rounds (load, then wait until the relays have delivered everything), so that load on the machine hits
/// all three alike. Measured per setup: the recording rate, the relay lag of every use (its commit, seen by the caller,
/// to the relay recording Cheddar's answer: the row's SettledAtUtc, on the database's clock on PostgreSQL), and whether
/// Cheddar's quantity per customer equals the uses recorded.
/// </summary>
public sealed class InstancesMeteringBenchmark(SharedPostgres postgres) : IBenchmark
{
    private const string Title = "Metering, instances";
    private const int Users = 50;
    private const int Rounds = 2;
    private const string AddItemQuantity = "customers/add-item-quantity";

    /// <summary>The steady offered load of the paced round: what lag looks like when the relays are not starved of CPU by recording.</summary>
    private const int PacedUsesPerSecond = 1000;

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
        var stands = new List<Stand>();
        try
        {
            foreach (var setup in setups)
            {
                Console.WriteLine($"  metering-pg: starting {setup.Name}");
                try
                {
                    stands.Add(await Stand.StartAsync(setup, postgres, cancellationToken));
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // A setup that cannot start (e.g. a build without the PostgreSQL provider) leaves the others' figures.
                    Console.Error.WriteLine($"  metering-pg: {setup.Name} did not start: {ex}");
                    figures.Add(Figure.NotMeasured(Title, $"{setup.Name}: (did not start)", ex.GetType().Name + ": " + ex.Message.Split('\n')[0]));
                }
            }
            for (var round = 0; round < Rounds; round++)
            {
                foreach (var stand in stands)
                {
                    Console.WriteLine($"  metering-pg: round {round + 1} of {Rounds}, {stand.Setup.Name} (load average {MachineInfo.LoadAverage()})");
                    await stand.RunRoundAsync(Math.Max(1, size.UsesPerUser / Rounds), cancellationToken);
                }
            }
            foreach (var stand in stands)
            {
                Console.WriteLine($"  metering-pg: paced round ({PacedUsesPerSecond}/s), {stand.Setup.Name} (load average {MachineInfo.LoadAverage()})");
                await stand.RunPacedRoundAsync(Math.Max(1, size.UsesPerUser / Rounds), cancellationToken);
            }
            foreach (var stand in stands)
            {
                figures.AddRange(await stand.FiguresAsync(cancellationToken));
            }
            return figures;
        }
        finally
        {
            foreach (var stand in stands)
            {
                await stand.DisposeAsync();
            }
        }
    }

    private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s";

    private sealed record Setup(string Name, bool Postgres, int Instances);

    /// <summary>One setup, started: its sandbox, its instances on their database, its users and what they recorded.</summary>
    private sealed class Stand : IAsyncDisposable
    {
        private readonly StandaloneSandbox _sandbox;
        private readonly List<BenchmarkApp> _apps = [];
        private readonly string[] _users = Enumerable.Range(0, Users).Select(_ => Guid.NewGuid().ToString()).ToArray();
        private readonly ConcurrentDictionary<string, int> _recorded = new();
        private readonly ConcurrentDictionary<long, DateTime> _committedAt = new();
        private readonly ConcurrentDictionary<long, DateTime> _pacedCommittedAt = new();
        private LoadResult? _paced;
        private string _pacedLoadAverage = "";
        private readonly List<string> _loadAverages = [];
        private readonly LoadObserver _observer;
        private int[] _callsBefore = [];
        private int _succeeded;
        private int _failed;
        private bool _hitTimeLimit;
        private TimeSpan _recording;
        private bool _drained = true;
        private double _longestDrainSeconds;

        private Stand(Setup setup, StandaloneSandbox sandbox, string? postgresConnectionString, Func<TimeSpan>? serverCpu)
        {
            Setup = setup;
            _sandbox = sandbox;
            _observer = new LoadObserver(postgresConnectionString, serverCpu);
        }

        public Setup Setup { get; }

        public static async Task<Stand> StartAsync(Setup setup, SharedPostgres postgres, CancellationToken cancellationToken)
        {
            var sandbox = await StandaloneSandbox.StartAsync(cancellationToken);
            var settings = new Dictionary<string, string?>(sandbox.AppSettings);
            if (setup.Postgres)
            {
                settings["Database:Provider"] = "Postgres";
                settings["ConnectionStrings:DefaultConnection"] = await postgres.CreateDatabaseAsync(cancellationToken);
            }
            var stand = new Stand(setup, sandbox, setup.Postgres ? settings["ConnectionStrings:DefaultConnection"] : null, setup.Postgres ? postgres.ServerCpuTime : null);
            try
            {
                // One after the other: the first creates the schema (as the setup step does before a deployment's instances start).
                for (var i = 0; i < setup.Instances; i++)
                {
                    // Listed before it starts, so that one failing to start is disposed too (its temp folder deleted).
                    var app = new BenchmarkApp(settings, registerWebhook: i == 0);
                    stand._apps.Add(app);
                    await app.StartAsync(cancellationToken);
                }
                await Parallel.ForEachAsync(stand._users, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
                    async (user, ct) => await BenchmarkUser.CreateCustomerAsync(stand._apps[0], user, ct));
                // Warm-up: one use per user on every instance (JIT, EF model, pools, the relays' first customers/get), delivered first.
                await MeteredUses.RecordAsync(stand._apps, stand._users, stand._apps.Count, stand._recorded, TimeSpan.FromSeconds(60), cancellationToken);
                await MeteredUses.DrainAsync(stand._apps[0], TimeSpan.FromSeconds(60), cancellationToken);
                stand._callsBefore = stand._apps.Select(a => a.CheddarRequests.Count(AddItemQuantity)).ToArray();
                return stand;
            }
            catch
            {
                await stand.DisposeAsync();
                throw;
            }
        }

        /// <summary>Every user records <paramref name="usesPerUser"/> uses at once; then the relays deliver everything.</summary>
        public async Task RunRoundAsync(int usesPerUser, CancellationToken cancellationToken)
        {
            _loadAverages.Add(MachineInfo.LoadAverage().Split(' ')[0]);
            _observer.Begin();
            var load = await MeteredUses.RecordAsync(_apps, _users, usesPerUser, _recorded, TimeSpan.FromSeconds(60), cancellationToken, committedAt: _committedAt);
            _succeeded += load.Succeeded;
            _failed += load.Failed;
            _hitTimeLimit |= load.HitTimeLimit;
            _recording += load.Elapsed;
            var drain = Stopwatch.StartNew();
            _drained &= await MeteredUses.DrainAsync(_apps[0], TimeSpan.FromSeconds(60), cancellationToken);
            _longestDrainSeconds = Math.Max(_longestDrainSeconds, drain.Elapsed.TotalSeconds);
            // Observed until delivered: the relays' work for these uses counts in their CPU per use.
            _observer.End();
        }

        /// <summary>The same number of uses at a steady <see cref="PacedUsesPerSecond"/>; then the relays deliver everything.</summary>
        public async Task RunPacedRoundAsync(int usesPerUser, CancellationToken cancellationToken)
        {
            _pacedLoadAverage = MachineInfo.LoadAverage().Split(' ')[0];
            _paced = await MeteredUses.RecordAsync(_apps, _users, usesPerUser, _recorded, TimeSpan.FromSeconds(60), cancellationToken,
                committedAt: _pacedCommittedAt, usesPerSecond: PacedUsesPerSecond);
            _drained &= await MeteredUses.DrainAsync(_apps[0], TimeSpan.FromSeconds(60), cancellationToken);
        }

        public async Task<IReadOnlyList<Figure>> FiguresAsync(CancellationToken cancellationToken)
        {
            await using var scope = _apps[0].Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var settled = await db.UsageOutbox
                .Where(u => u.State == UsageState.Delivered && u.SettledAtUtc != null)
                .Select(u => new { u.Id, u.SettledAtUtc })
                .ToDictionaryAsync(u => u.Id, u => u.SettledAtUtc!.Value, cancellationToken);
            var lags = _committedAt
                .Where(c => settled.ContainsKey(c.Key))
                .Select(c => (settled[c.Key] - c.Value).TotalMilliseconds)
                .ToList();
            var pacedLags = _pacedCommittedAt
                .Where(c => settled.ContainsKey(c.Key))
                .Select(c => (settled[c.Key] - c.Value).TotalMilliseconds)
                .ToList();
            // Summed here: SQLite cannot sum decimals in SQL.
            var inDatabase = (await db.UsageOutbox.Select(u => new { u.CustomerCode, u.Quantity }).ToListAsync(cancellationToken))
                .GroupBy(u => u.CustomerCode)
                .ToDictionary(g => g.Key, g => g.Sum(u => u.Quantity));
            var customers = _apps[0].Services.GetRequiredService<ICheddarCustomers>();
            var cheddarDifference = 0m;
            var databaseDifference = 0m;
            foreach (var user in _users)
            {
                var customer = await customers.GetAsync(user, cancellationToken);
                cheddarDifference += Math.Abs((customer.CurrentSubscription?.FindUsage("REPORTS")?.Used ?? 0) - _recorded.GetValueOrDefault(user));
                databaseDifference += Math.Abs(inDatabase.GetValueOrDefault(user) - _recorded.GetValueOrDefault(user));
            }
            var totalUses = _recorded.Values.Sum();
            var calls = _apps.Select((a, i) => a.CheddarRequests.Count(AddItemQuantity) - _callsBefore[i]).ToArray();
            var undelivered = _committedAt.Count - lags.Count + _pacedCommittedAt.Count - pacedLags.Count;

            var twoInstances = Setup.Instances > 1;
            var rate = _succeeded / _recording.TotalSeconds;
            var rateText = $"{rate.ToString("N0", CultureInfo.InvariantCulture)}/s ({_succeeded} uses in {_recording.TotalSeconds:0.0} s, {Rounds} rounds" +
                $"{(_failed > 0 ? $", {_failed} failed" : "")}{(_hitTimeLimit ? ", time limit hit" : "")}; load average {string.Join(" / ", _loadAverages)})";
            var rateName = $"{Setup.Name}: uses recorded/s, {Users} users at once";
            var figures = new List<Figure>
            {
                twoInstances
                    ? Figure.Checked(Title, rateName, rateText, "≥ 2,000/s", rate >= 2000 && _failed == 0 && !_hitTimeLimit)
                    : Figure.Info(Title, rateName, rateText),
                Figure.Info(Title, "  while recording and delivering", _observer.Describe(_succeeded)),
            };
            var lagName = "  relay lag (commit → Cheddar's answer recorded) p50 / p95 / max";
            if (lags.Count > 0)
            {
                var lag = new LatencyStats(lags);
                var lagText = $"{Seconds(lag.P50)} / {Seconds(lag.P95)} / {Seconds(lag.Percentile(100))} ({lag.Count} uses{(undelivered > 0 ? $", {undelivered} NOT delivered" : "")})";
                figures.Add(twoInstances
                    ? Figure.Checked(Title, lagName, lagText, "p95 ≤ 5 s", lag.P95 <= 5000 && undelivered == 0)
                    : Figure.Info(Title, lagName, lagText));
            }
            else
            {
                figures.Add(Figure.NotMeasured(Title, lagName, "no use was delivered"));
            }
            if (_paced is { } paced && pacedLags.Count > 0)
            {
                var lag = new LatencyStats(pacedLags);
                figures.Add(Figure.Info(Title, $"  same, offered at a steady {PacedUsesPerSecond.ToString("N0", CultureInfo.InvariantCulture)} uses/s: lag p50 / p95 / max",
                    $"{Seconds(lag.P50)} / {Seconds(lag.P95)} / {Seconds(lag.Percentile(100))} ({lag.Count} uses in {paced.Elapsed.TotalSeconds:0.0} s" +
                    $"{(paced.Failed > 0 ? $", {paced.Failed} failed" : "")}; load average {_pacedLoadAverage})"));
            }
            figures.Add(Figure.Checked(Title, "  Cheddar quantity − uses recorded, Σ abs over the users",
                $"{cheddarDifference.ToString("0.####", CultureInfo.InvariantCulture)} ({totalUses} uses; in the database, outbox − recorded: {databaseDifference.ToString("0.####", CultureInfo.InvariantCulture)})",
                "0", cheddarDifference == 0 && databaseDifference == 0 && _drained));
            figures.Add(Figure.Info(Title, "  add-item-quantity calls" + (twoInstances ? " by instance A / B" : ""),
                $"{string.Join(" / ", calls)} ({(double)(_succeeded + (_paced?.Succeeded ?? 0)) / Math.Max(1, calls.Sum()):0.0} uses per call, paced round included); all delivered " +
                (_drained ? $"at most {_longestDrainSeconds:0.0} s after a round's last use" : "NOT within 60 s of a round's last use")));
            return figures;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var app in _apps)
            {
                await app.DisposeAsync();
            }
            await _observer.DisposeAsync();
            await _sandbox.DisposeAsync();
        }
    }
}
