using Microsoft.Playwright;

namespace DemoSaaS.E2E.Infrastructure;

/// <summary>
/// One Chromium shared by every journey (an assembly fixture); each journey gets its own context.
/// Playwright's own browser download cannot work offline, so we drive Debian's chromium (or the one named by CHROMIUM_PATH).
/// </summary>
/// <remarks>
/// DEMO_MODE=1 slows every action down (SlowMo) and records a video of every journey under
/// <see cref="ResultsDirectory"/>/videos; it runs headed when a display exists (on a server: <c>xvfb-run -a</c>).
/// </remarks>
public sealed class BrowserSession : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Screenshots, failure traces and demo videos; E2E_RESULTS_DIR overrides the default under the test binaries.</summary>
    public static string ResultsDirectory { get; } = Path.GetFullPath(
        Environment.GetEnvironmentVariable("E2E_RESULTS_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "test-results"));

    public static bool DemoMode { get; } = Environment.GetEnvironmentVariable("DEMO_MODE") is "1" or "true";

    private static bool HasDisplay =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));

    public static string VideoDirectory => Path.Combine(ResultsDirectory, "videos");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(ResultsDirectory);
        _playwright = await Playwright.CreateAsync();
        // The shared 2-core CI box can take several seconds to render a circuit under a full test run.
        Assertions.SetDefaultExpectTimeout(15_000);
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            // Headed only where a window can open; a demo on a server without a display still gets SlowMo and videos.
            Headless = !(DemoMode && HasDisplay),
            SlowMo = DemoMode ? 400 : null,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh context (own cookies, so its own signed-in user) at a desktop size, recording video in demo mode.</summary>
    public Task<IBrowserContext> NewContextAsync(Uri baseAddress) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            AcceptDownloads = true,
            RecordVideoDir = DemoMode ? VideoDirectory : null,
            RecordVideoSize = DemoMode ? new RecordVideoSize { Width = 1280, Height = 800 } : null,
        });

    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await NewContextAsync(baseAddress);
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
