using DemoSaaS.E2E.Infrastructure;
using Microsoft.Playwright;

namespace DemoSaaS.E2E;

public sealed class HomePageJourney(AppServer app, BrowserSession browser)
{
    [Fact]
    public async Task Visitor_sees_the_product_and_a_live_interactive_circuit()
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        await page.GotoAsync("/");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Awesome Reports", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("circuit-status")).ToHaveTextAsync("Live connection");

        Directory.CreateDirectory(BrowserSession.ResultsDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ResultsDirectory, "home.png"), FullPage = true });
    }
}
