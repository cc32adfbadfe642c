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
/// </summary>
public sealed class CircuitMemoryBenchmark : IBenchmark
{
    private const string Title = "Memory";
    private const string Chromium = "/usr/bin/chromium";
    private const double TargetKb = 250;

    public string Name => "memory";

    public async Task<IReadOnlyList<Figure>> RunAsync(RunSize size, CancellationToken cancellationToken)
    {
        if (!File.Exists(Chromium))
        {
            return [Figure.NotMeasured(Title, "memory per idle circuit", $"{Chromium} is not installed (apt-get install chromium)")];
        }
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(3));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });

        var reports = await MeasureAsync(browser, "/reports", size.Circuits, limit.Token);
        var home = await MeasureAsync(browser, "/", size.Circuits, limit.Token);
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
        ];
    }

    private static async Task<Measurement> MeasureAsync(IBrowser browser, string path, int circuits, CancellationToken ct)
    {
        await using var app = await new BenchmarkApp().StartAsync(ct);
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

        return new Measurement
        {
            Circuits = app.Circuits.Open - 1,
            ManagedKbPerCircuit = (after.ManagedBytes - before.ManagedBytes) / 1024.0 / circuits,
            WorkingSetKbPerCircuit = (after.WorkingSetBytes - before.WorkingSetBytes) / 1024.0 / circuits,
            Totals = $"{Mb(before.ManagedBytes)} → {Mb(after.ManagedBytes)} / {Mb(before.WorkingSetBytes)} → {Mb(after.WorkingSetBytes)}",
        };
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
    }
}
