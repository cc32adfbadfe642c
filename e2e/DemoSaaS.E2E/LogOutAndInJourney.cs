using DemoSaaS.E2E.Infrastructure;

namespace DemoSaaS.E2E;

/// <summary>A new user must confirm the email before logging in; then logs out and back in to the same account.</summary>
public sealed class LogOutAndInJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    [Fact]
    public async Task A_user_confirms_by_mail_logs_out_and_logs_back_in_to_the_same_cheddar_account()
    {
        var visitor = Visitor.New("LogOutIn");
        await SignUpAsync(new SignupDetails { Visitor = visitor, Plan = "FREE" });
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();
        await CheckpointAsync("check-your-email");

        // Not confirmed yet: the login form says so.
        await SubmitLoginAsync(visitor.Email, visitor.Password);
        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirm your email address first");
        await CheckpointAsync("unconfirmed");

        await Page.GotoAsync($"/dev/mailbox?to={Uri.EscapeDataString(visitor.Email)}");
        await Assertions.Expect(Page.GetByTestId("mail")).ToHaveCountAsync(1);
        await CheckpointAsync("mailbox");
        await ConfirmEmailAsync(visitor);

        await LogInAsync(visitor);
        await Assertions.Expect(Page.GetByTestId("logout")).ToBeVisibleAsync();
        await CheckpointAsync("logged-in");

        await Page.GetByTestId("logout").ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("logout")).ToHaveCountAsync(0);
        await PassThroughAsync();

        // Signed out, the account page asks for a login; after it the same FREE account is back.
        await Page.GotoAsync("/account");
        await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
        await PassThroughAsync();
        await LogInAsync(visitor);
        await OpenAccountAsync();
        await Assertions.Expect(Page.GetByTestId("plan-panel")).ToContainTextAsync("Free");
        await CheckpointAsync("account-after-login");

        var customer = await Sandbox.CustomerOfAsync(visitor.Email);
        Assert.Equal(visitor.Email, customer.Email);
        Assert.Equal("FREE", customer.CurrentSubscription!.Plan.Code);
    }
}
