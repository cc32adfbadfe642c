using DemoSaaS.E2E.Infrastructure;

namespace DemoSaaS.E2E;

/// <summary>Canceling on the account page ends the subscription at once: reports and exports lock until the user resubscribes.</summary>
public sealed class CancelLocksFeaturesJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    [Fact]
    public async Task A_pro_user_cancels_and_finds_reports_and_exports_locked_and_cheddar_canceled()
    {
        var visitor = Visitor.New("Cancel");
        await SignUpAndLogInAsync(new SignupDetails { Visitor = visitor, Plan = "PRO", Card = TestCard.Amex });

        await GotoInteractiveAsync("/reports");
        await MakeReportAsync("Before canceling", "Reports work while the subscription is active.", isCsv: false);

        await NavigateByAppBarAsync("Account");
        await Assertions.Expect(Page.GetByTestId("cancel-subscription")).ToBeVisibleAsync();
        await PassThroughAsync();
        await Page.GetByTestId("cancel-subscription").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("confirm-text")).ToContainTextAsync("Canceling stops your subscription immediately.");
        await CheckpointAsync("confirm-cancel");
        await Page.GetByTestId("confirm-action").ClickAsync();

        await Assertions.Expect(Page.GetByTestId("status-chip")).ToHaveTextAsync("Canceled");
        await Assertions.Expect(Page.GetByTestId("status-detail")).ToContainTextAsync("Reports and exports are locked until you resubscribe.");
        await Assertions.Expect(Page.GetByTestId("choose-PRO")).ToHaveTextAsync("Resubscribe to Pro");
        await CheckpointAsync("canceled");

        await NavigateByAppBarAsync("Reports");
        await Assertions.Expect(Page.GetByTestId("access-message")).ToContainTextAsync("Your subscription was canceled on");
        await Assertions.Expect(Page.GetByTestId("generate")).ToBeDisabledAsync();
        // What was made before stays readable.
        await Assertions.Expect(Page.GetByTestId("report-row")).ToHaveCountAsync(1);
        await CheckpointAsync("reports-locked");

        await NavigateByAppBarAsync("Export");
        await Assertions.Expect(Page.GetByTestId("access-message")).ToContainTextAsync("Resubscribe on the Account page to continue.");
        await Assertions.Expect(Page.GetByTestId("export")).ToBeDisabledAsync();
        await CheckpointAsync("export-locked");

        var subscription = (await Sandbox.CustomerOfAsync(visitor.Email)).CurrentSubscription!;
        Assert.NotNull(subscription.CanceledDatetime);
        Assert.Equal("customer", subscription.CancelType);
    }
}
