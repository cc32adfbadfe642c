using System.Diagnostics;
using System.Globalization;
using System.Net;
using DemoSaaS.Benchmarks.Infrastructure;
using DemoSaaS.Benchmarks.Reporting;
using Microsoft.Playwright;

namespace DemoSaaS.Benchmarks.Memory;

/// <summary>
/// Memory per idle interactive circuit: the app runs in this process; one headless Chromium opens N tabs of the
/// signed-in user. The heap and working set are taken (after a full, compacting GC) with the N tabs on about:blank,
/// then with the same tabs on the Reports page, each holding a connected circuit; the difference ÷ N is per circuit.
/// Measuring with the tabs already open keeps Playwright's own per-page objects (in this process) out of the delta.
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
        var ct = limit.Token;

        await using var app = await new BenchmarkApp().StartAsync(ct);
        using var user = await BenchmarkUser.CreateAsync(app, ct);
        var path = "/reports";
        using (var probe = await user.Client.GetAsync(path, ct))
        {
            if (probe.StatusCode == HttpStatusCode.NotFound)
            {
                path = "/";
            }
            else if (probe.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {path} as a signed-in user answered {(int)probe.StatusCode}.");
            }
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        await using var context = await browser.NewContextAsync();
        await context.AddCookiesAsync(user.Cookies.GetCookies(app.BaseAddress).Select(cookie => new Microsoft.Playwright.Cookie
        {
            Name = cookie.Name,
            Value = cookie.Value,
            Url = app.BaseAddress.ToString(),
        }));

        // One circuit first, kept open through both samples: one-time costs (JIT, first render, hub setup) stay out of the delta.
        var url = new Uri(app.BaseAddress, path).ToString();
        var warmUp = await context.NewPageAsync();
        await warmUp.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        while (app.Circuits.Connected < 1)
        {
            await Task.Delay(100, ct);
        }

        Console.WriteLine($"  memory: opening {size.Circuits} tabs");
        var pages = new List<IPage>();
        for (var i = 0; i < size.Circuits; i++)
        {
            pages.Add(await context.NewPageAsync());
        }
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var before = Sample();

        Console.WriteLine($"  memory: navigating the tabs to {path}");
        await Parallel.ForEachAsync(pages, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (page, _) => await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load }));
        while (app.Circuits.Connected < size.Circuits + 1)
        {
            await Task.Delay(200, ct);
        }
        // Idle: let first renders, JS interop and the pages' own startup calls finish.
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var after = Sample();
        var open = app.Circuits.Open - 1;

        var managedKb = (after.ManagedBytes - before.ManagedBytes) / 1024.0 / size.Circuits;
        var workingSetKb = (after.WorkingSetBytes - before.WorkingSetBytes) / 1024.0 / size.Circuits;
        var label = path == "/reports" ? "Reports page" : "home page (no Reports page on this build)";
        return
        [
            Figure.Info(Title, $"idle interactive circuits open ({label})", $"{open} (one Chromium, one signed-in context, {size.Circuits} tabs; plus one warm-up circuit)"),
            Figure.Checked(Title, "managed heap per circuit (full GC, in-process)", Kb(managedKb), $"≤ {TargetKb:0} KB", managedKb <= TargetKb),
            Figure.Checked(Title, "app process working set per circuit", Kb(workingSetKb), $"≤ {TargetKb:0} KB", workingSetKb <= TargetKb),
            Figure.Info(Title, "managed heap / working set, before → after",
                $"{Mb(before.ManagedBytes)} → {Mb(after.ManagedBytes)} / {Mb(before.WorkingSetBytes)} → {Mb(after.WorkingSetBytes)}"),
        ];
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
}
