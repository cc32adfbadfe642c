using DemoSaaS.E2E.Infrastructure;

namespace DemoSaaS.E2E;

/// <summary>FREE includes 20 reports a period: a user makes all 20, then meets the upgrade prompt instead of a 21st.</summary>
public sealed class FreePlanReportLimitJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    private const int FreeReports = 20;

    [Fact]
    public async Task A_free_user_makes_twenty_reports_then_is_prompted_to_upgrade_and_cheddar_counted_twenty()
    {
        var visitor = Visitor.New("FreeLimit");
        await SignUpAndLogInAsync(new SignupDetails { Visitor = visitor, Plan = "FREE" });

        await GotoInteractiveAsync("/reports");
        await Assertions.Expect(Page.GetByTestId("usage")).ToHaveTextAsync($"0 of {FreeReports} reports included this period used");
        await CheckpointAsync("reports-empty");

        for (var number = 1; number <= FreeReports; number++)
        {
            await MakeReportAsync($"Meeting notes {number}", $"Notes of meeting {number}: budget, hiring, roadmap, budget again.",
                isCsv: false, screenshotStep: number == 1 ? "first-report" : null);
            await NavigateByAppBarAsync("Reports");
        }

        // The 21st is not possible: the prompt says why and leads to the account page.
        await Assertions.Expect(Page.GetByTestId("report-row")).ToHaveCountAsync(FreeReports);
        await Assertions.Expect(Page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("access-message")).ToContainTextAsync($"You have used all {FreeReports} reports included in the Free plan this period.");
        await Assertions.Expect(Page.GetByTestId("generate")).ToBeDisabledAsync();
        await CheckpointAsync("upgrade-prompt");

        await Page.GetByTestId("upgrade-link").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("plan-picker")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("usage-REPORTS").GetByTestId("usage-text")).ToContainTextAsync($"{FreeReports} of {FreeReports} used");
        await CheckpointAsync("account");

        await Sandbox.EventuallyAsync(async () =>
        {
            var subscription = (await Sandbox.CustomerOfAsync(visitor.Email)).CurrentSubscription!;
            Assert.Equal("FREE", subscription.Plan.Code);
            Assert.Equal(FreeReports, subscription.FindUsage("REPORTS")!.Used);
        });
    }
}
