using System.Diagnostics;
using System.Globalization;
using System.Net;
using DemoSaaS.Benchmarks.Infrastructure;
using DemoSaaS.Benchmarks.Reporting;
using DemoSaaS.Web.Features.Billing;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Benchmarks.Gating;

/// <summary>
/// What gating adds to a feature page: three copies of the app side by side (Billing:Gating = Snapshot, Off, Naive),
/// every Cheddar call 100 ms late, one signed-in PRO user each; sequential GETs of the prerendered Reports page,
/// interleaved in rounds so that load on the machine hits all three alike. With <paramref name="postgres"/> ("gating-pg"),
/// the apps run on PostgreSQL (<c>Database:Provider</c> = Postgres, a fresh database each) and the naive copy, which
/// measures Cheddar's latency rather than the database, is left out.
/// </summary>
public sealed class GatingBenchmark(SharedPostgres? postgres = null) : IBenchmark
{
    private const string PagePath = "/reports";
    private const int CheddarLatencyMs = 100;
    private const int Rounds = 5;

    private string Title => postgres is null ? "Gating" : "Gating, PostgreSQL";

    public string Name => postgres is null ? "gating" : "gating-pg";

    public async Task<IReadOnlyList<Figure>> RunAsync(RunSize size, CancellationToken cancellationToken)
    {
        var modes = postgres is null ? new[] { Mode.Snapshot, Mode.Off, Mode.Naive } : [Mode.Snapshot, Mode.Off];
        var targets = new List<Target>();
        try
        {
            foreach (var mode in modes)
            {
                Console.WriteLine($"  {Name}: starting the app with Billing:Gating={mode}");
                var settings = new Dictionary<string, string?> { ["Billing:Gating"] = mode.ToString() };
                if (postgres is not null)
                {
                    settings["Database:Provider"] = "Postgres";
                    settings["ConnectionStrings:DefaultConnection"] = await postgres.CreateDatabaseAsync(cancellationToken);
                }
                // Listed before it starts, so that one failing to start is disposed too (its temp folder deleted).
                var target = new Target(mode, new BenchmarkApp(settings));
                targets.Add(target);
                await target.App.StartAsync(cancellationToken);
                target.User = await BenchmarkUser.CreateAsync(target.App, cancellationToken);
                await target.App.AddCheddarLatencyAsync(CheddarLatencyMs, cancellationToken);
            }

            // The Reports page is the gated page; without it (not merged yet) the gate itself is timed in-process.
            using (var probe = await targets[0].User!.Client.GetAsync(PagePath, cancellationToken))
            {
                targets.ForEach(t => t.MeasuresPage = probe.StatusCode == HttpStatusCode.OK);
                if (probe.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NotFound))
                {
                    throw new InvalidOperationException($"GET {PagePath} as a signed-in PRO user answered {(int)probe.StatusCode}.");
                }
            }

            foreach (var target in targets)
            {
                var warmUp = target.Mode == Mode.Naive ? 3 : 20;
                for (var i = 0; i < warmUp; i++)
                {
                    await target.ViewAsync(cancellationToken);
                }
                target.Latencies.Clear();
                target.CustomerGetsBefore = target.App.CheddarRequests.Count("customers/get");
                target.DatabaseCommandsBefore = target.App.DatabaseCommands.Count;
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromMinutes(size.IsQuick ? 1 : 4));
            for (var round = 0; round < Rounds; round++)
            {
                Console.WriteLine($"  {Name}: round {round + 1} of {Rounds}");
                foreach (var target in targets)
                {
                    var views = (target.Mode == Mode.Naive ? size.NaiveGatingViews : size.GatingViews) / Rounds;
                    for (var i = 0; i < views; i++)
                    {
                        await target.ViewAsync(limit.Token);
                    }
                }
            }
            var figures = Figures(targets);
            if (postgres is not null)
            {
                figures.Insert(0, Figure.Info(Title, "database server (throwaway cluster, loopback TCP)", await postgres.DescribeAsync(cancellationToken)));
            }
            return figures;
        }
        finally
        {
            foreach (var target in targets)
            {
                target.User?.Dispose();
                await target.App.DisposeAsync();
            }
        }
    }

    private List<Figure> Figures(List<Target> targets)
    {
        var snapshot = targets.Single(t => t.Mode == Mode.Snapshot);
        var off = targets.Single(t => t.Mode == Mode.Off);
        var naive = targets.SingleOrDefault(t => t.Mode == Mode.Naive);
        var (gated, ungated) = (new LatencyStats(snapshot.Latencies), new LatencyStats(off.Latencies));
        var what = snapshot.MeasuresPage
            ? $"GET {PagePath} (prerendered)"
            : "IFeatureAccess.CheckAsync in-process (no Reports page on this build)";
        var figures = new List<Figure>
        {
            Figure.Info(Title, $"{what} p50 / p95, snapshot gate (warm)", $"{Ms(gated.P50)} / {Ms(gated.P95)} ({gated.Count} views)"),
            Figure.Info(Title, "  same, gating off (Billing:Gating=Off)", $"{Ms(ungated.P50)} / {Ms(ungated.P95)} ({ungated.Count} views)"),
        };
        if (naive is not null)
        {
            var baseline = new LatencyStats(naive.Latencies);
            figures.Add(Figure.Info(Title, "  same, naive gate (customers/get per view)", $"{Ms(baseline.P50)} / {Ms(baseline.P95)} ({baseline.Count} views)"));
            figures.Add(Ratio("gated ÷ ungated, p50", gated.P50 / ungated.P50, "≤ 1.2×", r => r <= 1.2));
            figures.Add(Ratio("gated ÷ ungated, p95", gated.P95 / ungated.P95, "≤ 1.2×", r => r <= 1.2));
            figures.Add(Ratio("naive ÷ gated, p50", baseline.P50 / gated.P50, "≥ 10×", r => r >= 10));
            figures.Add(Ratio("naive ÷ gated, p95", baseline.P95 / gated.P95, "≥ 10×", r => r >= 10));
            figures.Add(Figure.Info(Title, "customers/get per view: snapshot / off / naive",
                $"{PerView(snapshot)} / {PerView(off)} / {PerView(naive)} (Cheddar +{CheddarLatencyMs} ms each)"));
            figures.Add(Figure.Info(Title, "SQL commands per view: snapshot / off / naive", $"{CommandsPerView(snapshot)} / {CommandsPerView(off)} / {CommandsPerView(naive)}"));
        }
        else
        {
            figures.Add(Ratio("gated ÷ ungated, p50", gated.P50 / ungated.P50, "≤ 1.2×", r => r <= 1.2));
            figures.Add(Ratio("gated ÷ ungated, p95", gated.P95 / ungated.P95, "≤ 1.2×", r => r <= 1.2));
            figures.Add(Figure.Info(Title, "customers/get per view: snapshot / off",
                $"{PerView(snapshot)} / {PerView(off)} (Cheddar +{CheddarLatencyMs} ms each)"));
            figures.Add(Figure.Info(Title, "SQL commands per view: snapshot / off", $"{CommandsPerView(snapshot)} / {CommandsPerView(off)}"));
        }
        return figures;
    }

    private Figure Ratio(string name, double ratio, string target, Func<double, bool> met) =>
        Figure.Checked(Title, name, ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×", target, met(ratio));

    private static string Ms(double milliseconds) => milliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private static string PerView(Target target) =>
        ((double)(target.App.CheddarRequests.Count("customers/get") - target.CustomerGetsBefore) / target.Latencies.Count)
            .ToString("0.00", CultureInfo.InvariantCulture);

    private static string CommandsPerView(Target target) =>
        ((double)(target.App.DatabaseCommands.Count - target.DatabaseCommandsBefore) / target.Latencies.Count).ToString("0.00", CultureInfo.InvariantCulture);

    private enum Mode
    {
        Snapshot,
        Off,
        Naive,
    }

    private sealed class Target(Mode mode, BenchmarkApp app)
    {
        public Mode Mode { get; } = mode;

        public BenchmarkApp App { get; } = app;

        public BenchmarkUser? User { get; set; }

        public bool MeasuresPage { get; set; }

        public int CustomerGetsBefore { get; set; }

        public int DatabaseCommandsBefore { get; set; }

        public List<double> Latencies { get; } = [];

        public async Task ViewAsync(CancellationToken cancellationToken)
        {
            var start = Stopwatch.GetTimestamp();
            if (MeasuresPage)
            {
                using var response = await User!.Client.GetAsync(PagePath, cancellationToken);
                var html = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK || html.Length == 0)
                {
                    throw new InvalidOperationException($"GET {PagePath} ({Mode}) answered {(int)response.StatusCode}.");
                }
            }
            else
            {
                var decision = await App.Services.GetRequiredService<IFeatureAccess>().CheckAsync(User!.UserId, MeteredFeature.Reports, cancellationToken);
                if (!decision.Allowed)
                {
                    throw new InvalidOperationException($"The PRO user was denied reports ({Mode}): {decision.Message}");
                }
            }
            Latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }
}
