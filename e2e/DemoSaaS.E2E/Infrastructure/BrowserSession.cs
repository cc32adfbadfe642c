using Microsoft.Playwright;

namespace DemoSaaS.E2E.Infrastructure;

/// <summary>
/// One headless Chromium per test class. Playwright's own browser download cannot work offline,
/// so we drive Debian's chromium (or the one named by CHROMIUM_PATH).
/// </summary>
public sealed class BrowserSession : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public static string ResultsDirectory { get; } = Path.GetFullPath(
        Environment.GetEnvironmentVariable("E2E_RESULTS_DIR") ?? Path.Combine(AppContext.BaseDirectory, "test-results"));

    public async ValueTask InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        // The shared 2-core CI box can take several seconds to render a circuit under a full test run.
        Assertions.SetDefaultExpectTimeout(15_000);
        var demo = Environment.GetEnvironmentVariable("DEMO_MODE") is "1" or "true";
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = !demo,
            SlowMo = demo ? 400 : null,
            Args = ChromiumArgs,
        });
    }

    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
    }
}
