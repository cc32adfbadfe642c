namespace DemoSaaS.E2E.Infrastructure;

/// <summary>
/// Makes a page report itself hidden or visible. Headless Chromium 156 shows every tab as visible and has no CDP
/// command for it (Emulation.setPageVisibility does not exist; minimizing the window through Browser.setWindowBounds
/// changes nothing headless; Page.setWebLifecycleState "frozen" stops the page's timers too), so this overrides
/// <c>document.visibilityState</c> / <c>document.hidden</c> and fires <c>visibilitychange</c>, as the browser does
/// when the user switches tabs. Timers keep running, as in a real background tab's first minutes.
/// </summary>
public static class TabVisibility
{
    public static Task HideAsync(IPage page) => SetAsync(page, "hidden");

    public static Task ShowAsync(IPage page) => SetAsync(page, "visible");

    private static Task SetAsync(IPage page, string state) => page.EvaluateAsync("""
        state => {
            Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
            Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
            document.dispatchEvent(new Event('visibilitychange'));
        }
        """, state);
}
