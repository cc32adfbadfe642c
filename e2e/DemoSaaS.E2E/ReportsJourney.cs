using DemoSaaS.E2E.Infrastructure;
using Microsoft.Playwright;

namespace DemoSaaS.E2E;

/// <summary>A signed-in user pastes a CSV, sees its statistics and chart, finds it in the list and downloads it as CSV.</summary>
public sealed class ReportsJourney(AppServer app, BrowserSession browser) : IClassFixture<AppServer>, IClassFixture<BrowserSession>
{
    [Fact]
    public async Task A_user_makes_a_report_from_pasted_csv_sees_its_chart_and_exports_it()
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        await Accounts.SignUpAndLogInAsync(page, $"reports-{Guid.NewGuid():N}@example.com", "PRO");

        var circuit = page.WaitForWebSocketAsync();
        await page.GotoAsync("/reports");
        await circuit;
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reports", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("generate")).ToBeEnabledAsync();

        await page.Locator("#report-text").FillAsync("region,month,revenue,orders\nNorth,Jan,1200,30\nSouth,Jan,800,21\nNorth,Feb,1500,34\nSouth,Feb,950,25\nEast,Feb,400,9\n");
        await page.GetByLabel("The pasted text is CSV").CheckAsync();
        await page.Locator("#report-title").FillAsync("Q1 revenue");
        await page.Locator("#report-title").BlurAsync();
        await page.GetByTestId("generate").ClickAsync();

        await Assertions.Expect(page.GetByTestId("report-heading")).ToHaveTextAsync("Q1 revenue");
        await Assertions.Expect(page.GetByTestId("row-count")).ToHaveTextAsync("5");
        await Assertions.Expect(page.GetByTestId("numeric-column")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".mud-chart svg").First).ToBeVisibleAsync();
        await Screenshot(page, "report");

        var download = page.WaitForDownloadAsync();
        await page.GetByTestId("export").ClickAsync();
        var file = await download;
        var path = Path.Combine(BrowserSession.ResultsDirectory, "q1-revenue.csv");
        Directory.CreateDirectory(BrowserSession.ResultsDirectory);
        await file.SaveAsAsync(path);
        var csv = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        Assert.Contains("revenue,5,400,1500,970,950,4850", csv);

        await page.GetByRole(AriaRole.Link, new() { Name = "Reports", Exact = true }).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-row")).ToHaveCountAsync(1);
        await Screenshot(page, "reports");

        await page.GetByTestId("theme-toggle").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" })).ToBeVisibleAsync();
        await Screenshot(page, "reports-dark");
    }

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserSession.ResultsDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ResultsDirectory, $"{name}.png"), FullPage = true });
    }
}
