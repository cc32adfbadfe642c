using Microsoft.Playwright;

namespace DemoSaaS.Benchmarks.Memory;

/// <summary>
/// Makes a tab report itself hidden or visible, as a user switching tabs does. Headless Chromium 156 reports every tab
/// as visible and has no CDP command to change that (Emulation.setPageVisibility does not exist; Browser.setWindowBounds
/// "minimized" changes nothing headless; Page.setWebLifecycleState "frozen" also stops the page's timers), so this
/// overrides <c>document.visibilityState</c> / <c>document.hidden</c> and fires <c>visibilitychange</c>.
/// </summary>
public static class TabVisibility
{
    private const string Set = """
        state => {
            Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
            Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
            document.dispatchEvent(new Event('visibilitychange'));
        }
        """;

    public static Task HideAsync(IPage page) => page.EvaluateAsync(Set, "hidden");

    /// <summary>
    /// Shows the tab and times, in the page, how long until the circuit has resumed (<c>Blazor.resumeCircuit()</c>
    /// resolved, html[data-circuit=connected]) and until the resumed page answers a click (the report form's other tab
    /// rendered by the new circuit): the user's "the page works again".
    /// </summary>
    public static async Task<(double ResumedMs, double InteractiveMs)> ShowAndTimeResumeAsync(IPage page)
    {
        var times = await page.EvaluateAsync<double[]>("""
            async () => {
                const wait = async (done) => { while (!done()) { await new Promise(r => setTimeout(r, 2)); } };
                const start = performance.now();
                Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
                Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
                document.dispatchEvent(new Event('visibilitychange'));
                await wait(() => document.documentElement.dataset.circuit === 'connected');
                const resumed = performance.now();
                document.querySelector('[data-testid=tab-upload]').click();
                await wait(() => document.querySelector('[data-testid=file-name]') !== null);
                const interactive = performance.now();
                document.querySelector('[data-testid=tab-paste]').click();
                await wait(() => document.querySelector('#report-text') !== null);
                return [resumed - start, interactive - start];
            }
            """);
        return (times[0], times[1]);
    }
}
