using System.Diagnostics;
using System.Globalization;
using System.Net;
using DemoSaaS.Benchmarks.Infrastructure;
using DemoSaaS.Benchmarks.Reporting;
using Microsoft.Playwright;

namespace DemoSaaS.Benchmarks.Memory;

/// <summary>
/// Memory per idle interactive circuit: the app runs in this process; one headless Chromium opens N tabs of the
/// signed-in user. The heap and working set are taken (after full, compacting GCs) with the N tabs on about:blank,
/// then with the same tabs on the page, each holding a connected circuit; the difference ÷ N is per circuit.
/// Measuring with the tabs already open keeps Playwright's own per-page objects (in this process) out of the delta;
/// one warm-up circuit open through both samples keeps one-time costs (JIT, first render) out of it. The Reports
/// page is the figure; the home page, measured the same way in a fresh app, shows what any circuit of this app costs.
/// Then, in the same app, the Reports tabs (each with a little text typed into the report form) are hidden: after
/// Circuits:PauseHiddenAfter (2 s here) each pauses its circuit, and the heap is taken again; then they are shown one at
/// a time, timing each resume in the page, and the heap is taken once more.
/// </summary>
public sealed class CircuitMemoryBenchmark : IBenchmark
{
    private const string Title = "Memory";
    private const string Chromium = "/usr/bin/chromium";
    private const double TargetKb = 250;
    private const double HiddenTargetKb = 30;
    private const double ResumeTargetMs = 300;
    private const string PauseHiddenAfter = "00:00:02";

    public string Name => "memory";

    public async Task<IReadOnlyList<Figure>> RunAsync(RunSize size, CancellationToken cancellationToken)
    {
        if (!File.Exists(Chromium))
        {
            return [Figure.NotMeasured(Title, "memory per idle circuit", $"{Chromium} is not installed (apt-get install chromium)")];
        }
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(6));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });

        var reports = await MeasureAsync(browser, "/reports", size.Circuits, hideAndShow: true, limit.Token);
        var home = await MeasureAsync(browser, "/", size.Circuits, hideAndShow: false, limit.Token);
        var paused = reports.Paused!;
        return
        [
            Figure.Info(Title, "idle interactive circuits open on the Reports page",
                $"{reports.Circuits} (one Chromium, one signed-in context, {size.Circuits} tabs, plus one warm-up circuit)"),
            Figure.Checked(Title, "managed heap per circuit, Reports page (full GC, in-process)", Kb(reports.ManagedKbPerCircuit), $"≤ {TargetKb:0} KB",
                reports.ManagedKbPerCircuit <= TargetKb),
            Figure.Checked(Title, "app process working set per circuit, Reports page", Kb(reports.WorkingSetKbPerCircuit), $"≤ {TargetKb:0} KB",
                reports.WorkingSetKbPerCircuit <= TargetKb),
            Figure.Info(Title, "  managed heap / working set, before → after", reports.Totals),
            Figure.Info(Title, "  reference: home page, managed / working set per circuit",
                $"{Kb(home.ManagedKbPerCircuit)} / {Kb(home.WorkingSetKbPerCircuit)} ({home.Circuits} circuits)"),
            Figure.Info(Title, "hidden Reports tabs paused (Circuits:PauseHiddenAfter " + PauseHiddenAfter + ")",
                $"{paused.Tabs} tabs; their circuits left on the server: {paused.CircuitsLeft}; all paused {paused.PausedAfterSeconds:0.0} s after hiding"),
            Figure.Checked(Title, "managed heap per hidden tab, after the pause (vs. about:blank)", Kb(paused.ManagedKbPerHiddenTab), $"≤ {HiddenTargetKb:0} KB",
                paused.ManagedKbPerHiddenTab <= HiddenTargetKb),
            Figure.Info(Title, "  working set per hidden tab", Kb(paused.WorkingSetKbPerHiddenTab)),
            Figure.Checked(Title, "resume, tab shown → page answers a click: p50 / p95", $"{paused.Interactive.P50:0} ms / {paused.Interactive.P95:0} ms ({paused.Interactive.Count} tabs, one at a time)",
                $"p95 ≤ {ResumeTargetMs:0} ms", paused.Interactive.P95 <= ResumeTargetMs),
            Figure.Info(Title, "  tab shown → Blazor.resumeCircuit() resolved: p50 / p95", $"{paused.Resumed.P50:0} ms / {paused.Resumed.P95:0} ms"),
            Figure.Info(Title, "100 tabs: managed heap visible → hidden → shown again", paused.ManagedTotals),
            Figure.Info(Title, "  working set visible → hidden → shown again", paused.WorkingSetTotals),
            Figure.Info(Title, "  managed heap per circuit once shown again", Kb(paused.ManagedKbPerResumedCircuit)),
        ];
    }

    private static async Task<Measurement> MeasureAsync(IBrowser browser, string path, int circuits, bool hideAndShow, CancellationToken ct)
    {
        await using var app = await new BenchmarkApp(new Dictionary<string, string?> { ["Circuits:PauseHiddenAfter"] = PauseHiddenAfter }).StartAsync(ct);
        using var user = await BenchmarkUser.CreateAsync(app, ct);
        using (var probe = await user.Client.GetAsync(path, ct))
        {
            if (probe.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {path} as a signed-in user answered {(int)probe.StatusCode}.");
            }
        }
        await using var context = await browser.NewContextAsync();
        await context.AddCookiesAsync(user.Cookies.GetCookies(app.BaseAddress).Select(cookie => new Microsoft.Playwright.Cookie
        {
            Name = cookie.Name,
            Value = cookie.Value,
            Url = app.BaseAddress.ToString(),
        }));

        var url = new Uri(app.BaseAddress, path).ToString();
        var warmUp = await context.NewPageAsync();
        await warmUp.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        await WaitForConnectedAsync(app, 1, ct);

        Console.WriteLine($"  memory: {circuits} tabs on about:blank, then on {path}");
        var pages = new List<IPage>();
        for (var i = 0; i < circuits; i++)
        {
            pages.Add(await context.NewPageAsync());
        }
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var before = Sample();

        await Parallel.ForEachAsync(pages, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (page, _) => await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load }));
        await WaitForConnectedAsync(app, circuits + 1, ct);
        // Idle: let first renders, JS interop and the pages' own startup calls finish.
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var after = Sample();
        var open = app.Circuits.Open - 1;
        var paused = hideAndShow ? await HideAndShowAsync(app, pages, before, after, ct) : null;

        return new Measurement
        {
            Circuits = open,
            ManagedKbPerCircuit = (after.ManagedBytes - before.ManagedBytes) / 1024.0 / circuits,
            WorkingSetKbPerCircuit = (after.WorkingSetBytes - before.WorkingSetBytes) / 1024.0 / circuits,
            Totals = $"{Mb(before.ManagedBytes)} → {Mb(after.ManagedBytes)} / {Mb(before.WorkingSetBytes)} → {Mb(after.WorkingSetBytes)}",
            Paused = paused,
        };
    }

    /// <summary>
    /// Types into each tab's report form (what a paused tab has to keep), hides every tab, waits until every circuit
    /// is paused, samples; shows the tabs one at a time, timing each resume; samples again.
    /// </summary>
    private static async Task<PauseMeasurement> HideAndShowAsync(BenchmarkApp app, List<IPage> pages, MemorySample blank, MemorySample visible, CancellationToken ct)
    {
        Console.WriteLine($"  memory: typing into {pages.Count} report forms, hiding the tabs, waiting for the pauses");
        await Parallel.ForEachAsync(pages, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (page, _) =>
        {
            await page.Locator("#report-text").FillAsync(string.Join(' ', Enumerable.Repeat("Quarterly numbers, paused while the tab was hidden.", 20)));
            await page.Locator("#report-text").BlurAsync();
        });
        var hidden = System.Diagnostics.Stopwatch.StartNew();
        foreach (var page in pages)
        {
            await TabVisibility.HideAsync(page);
        }
        while (app.Circuits.Open > 1 || !await AllAsync(pages, "paused"))
        {
            if (hidden.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"After 60 s, {app.Circuits.Open - 1} of {pages.Count} hidden tabs still hold a circuit.");
            }
            await Task.Delay(100, ct);
        }
        var pausedAfter = hidden.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var whileHidden = Sample();
        var circuitsLeft = app.Circuits.Open - 1;

        Console.WriteLine($"  memory: showing the {pages.Count} tabs one at a time");
        var resumed = new List<double>();
        var interactive = new List<double>();
        foreach (var page in pages)
        {
            var (resumedMs, interactiveMs) = await TabVisibility.ShowAndTimeResumeAsync(page);
            resumed.Add(resumedMs);
            interactive.Add(interactiveMs);
        }
        await WaitForOpenAsync(app, pages.Count + 1, ct);
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var shownAgain = Sample();

        return new PauseMeasurement
        {
            Tabs = pages.Count,
            CircuitsLeft = circuitsLeft,
            PausedAfterSeconds = pausedAfter.TotalSeconds,
            ManagedKbPerHiddenTab = (whileHidden.ManagedBytes - blank.ManagedBytes) / 1024.0 / pages.Count,
            WorkingSetKbPerHiddenTab = (whileHidden.WorkingSetBytes - blank.WorkingSetBytes) / 1024.0 / pages.Count,
            ManagedKbPerResumedCircuit = (shownAgain.ManagedBytes - blank.ManagedBytes) / 1024.0 / pages.Count,
            Resumed = new LatencyStats(resumed),
            Interactive = new LatencyStats(interactive),
            ManagedTotals = $"{Mb(visible.ManagedBytes)} → {Mb(whileHidden.ManagedBytes)} → {Mb(shownAgain.ManagedBytes)} (tabs on about:blank: {Mb(blank.ManagedBytes)})",
            WorkingSetTotals = $"{Mb(visible.WorkingSetBytes)} → {Mb(whileHidden.WorkingSetBytes)} → {Mb(shownAgain.WorkingSetBytes)} (about:blank: {Mb(blank.WorkingSetBytes)})",
        };
    }

    private static async Task<bool> AllAsync(List<IPage> pages, string circuitState)
    {
        foreach (var page in pages)
        {
            if (await page.EvaluateAsync<string?>("() => document.documentElement.dataset.circuit ?? null") != circuitState)
            {
                return false;
            }
        }
        return true;
    }

    private static async Task WaitForOpenAsync(BenchmarkApp app, int circuits, CancellationToken ct)
    {
        while (app.Circuits.Open < circuits)
        {
            await Task.Delay(100, ct);
        }
    }

    private static async Task WaitForConnectedAsync(BenchmarkApp app, int circuits, CancellationToken ct)
    {
        while (app.Circuits.Connected < circuits)
        {
            await Task.Delay(100, ct);
        }
    }

    private static MemorySample Sample()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new MemorySample(managed, process.WorkingSet64);
    }

    private static string Kb(double kilobytes) => kilobytes.ToString("0", CultureInfo.InvariantCulture) + " KB";

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    private sealed record MemorySample(long ManagedBytes, long WorkingSetBytes);

    private sealed record Measurement
    {
        public required int Circuits { get; init; }

        public required double ManagedKbPerCircuit { get; init; }

        public required double WorkingSetKbPerCircuit { get; init; }

        public required string Totals { get; init; }

        public PauseMeasurement? Paused { get; init; }
    }

    private sealed record PauseMeasurement
    {
        public required int Tabs { get; init; }

        public required int CircuitsLeft { get; init; }

        public required double PausedAfterSeconds { get; init; }

        public required double ManagedKbPerHiddenTab { get; init; }

        public required double WorkingSetKbPerHiddenTab { get; init; }

        public required double ManagedKbPerResumedCircuit { get; init; }

        public required LatencyStats Resumed { get; init; }

        public required LatencyStats Interactive { get; init; }

        public required string ManagedTotals { get; init; }

        public required string WorkingSetTotals { get; init; }
    }
}
