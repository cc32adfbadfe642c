using DemoSaaS.E2E.Infrastructure;

namespace DemoSaaS.E2E;

/// <summary>Export is a paid feature: a FREE user upgrades to PRO with a Visa card on the account page, then downloads a CSV.</summary>
public sealed class UpgradeToProAndExportJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    private const string RevenueCsv = "region,month,revenue,orders\nNorth,Jan,1200,30\nSouth,Jan,800,21\nNorth,Feb,1500,34\nSouth,Feb,950,25\nEast,Feb,400,9\n";

    [Fact]
    public async Task A_free_user_upgrades_to_pro_with_a_visa_card_and_exports_a_report_as_csv()
    {
        var visitor = Visitor.New("Upgrade");
        await SignUpAndLogInAsync(new SignupDetails { Visitor = visitor, Plan = "FREE" });

        await GotoInteractiveAsync("/reports");
        await MakeReportAsync("Q1 revenue", RevenueCsv, isCsv: true);
        await Assertions.Expect(Page.GetByTestId("row-count")).ToHaveTextAsync("5");
        await Assertions.Expect(Page.GetByTestId("numeric-column")).ToHaveCountAsync(2);
        await Assertions.Expect(Page.Locator(".mud-chart svg").First).ToBeVisibleAsync();
        await CheckpointAsync("report");

        // FREE has no exports: the page says so and offers the upgrade.
        await NavigateByAppBarAsync("Export");
        await Assertions.Expect(Page.GetByTestId("access-message")).ToContainTextAsync("Exports are not part of the Free plan. Upgrade to PRO or TEAM to use them.");
        await Assertions.Expect(Page.GetByTestId("export")).ToBeDisabledAsync();
        await CheckpointAsync("export-locked");

        await Page.GetByTestId("upgrade-link").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("plan-picker")).ToBeVisibleAsync();
        await PassThroughAsync();
        await Page.GetByTestId("choose-PRO").ClickAsync();
        var dialog = Page.GetByTestId("plan-change-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("First name on card").FillAsync(visitor.FirstName);
        await dialog.GetByLabel("Last name on card").FillAsync(visitor.LastName);
        await dialog.GetByLabel("Card number").FillAsync(TestCard.Visa.Number);
        await dialog.GetByLabel("Expiry (MM/YY)").FillAsync($"12/{(DateTime.UtcNow.Year + 4) % 100:00}");
        await dialog.GetByLabel("CVV").FillAsync(TestCard.Visa.Cvv);
        await dialog.GetByLabel("Zip").FillAsync("90210");
        await CheckpointAsync("upgrade-dialog");
        await Page.GetByTestId("confirm-plan-change").ClickAsync();

        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(Page.GetByTestId("plan-panel")).ToContainTextAsync("Pro");
        await Assertions.Expect(Page.GetByTestId("card-on-file")).ToContainTextAsync($"ending {TestCard.Visa.LastFour}");
        await CheckpointAsync("upgraded");

        var subscription = (await Sandbox.CustomerOfAsync(visitor.Email)).CurrentSubscription!;
        Assert.Equal("PRO", subscription.Plan.Code);
        Assert.Equal("visa", subscription.CcType);

        // Now the export works: a real download of the report's statistics.
        await NavigateByAppBarAsync("Export");
        await Assertions.Expect(Page.GetByTestId("export")).ToBeEnabledAsync();
        await CheckpointAsync("export");
        var download = Page.WaitForDownloadAsync();
        await Page.GetByTestId("export").ClickAsync();
        var file = await download;
        var path = Path.Combine(BrowserSession.ResultsDirectory, Name, "q1-revenue.csv");
        await file.SaveAsAsync(path);
        Assert.Contains("revenue,5,400,1500,970,950,4850", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));

        // The export was metered at Cheddar (relayed in the background, so give it a moment).
        await Sandbox.EventuallyAsync(async () =>
            Assert.Equal(1, (await Sandbox.CustomerOfAsync(visitor.Email)).CurrentSubscription!.FindUsage("EXPORTS")!.Used));
    }
}
