using DemoSaaS.E2E.Infrastructure;

namespace DemoSaaS.E2E;

/// <summary>Five wrong passwords in a row lock the account; then even the right password is refused for a while.</summary>
public sealed class LockoutJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_the_right_one_is_refused_while_cheddar_keeps_the_customer()
    {
        var visitor = Visitor.New("Lockout");
        await SignUpAsync(new SignupDetails { Visitor = visitor, Plan = "FREE" });
        await ConfirmEmailAsync(visitor);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await SubmitLoginAsync(visitor.Email, "wrong-password");
            await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Invalid login attempt.");
        }
        await CheckpointAsync("wrong-password");

        await SubmitLoginAsync(visitor.Email, "wrong-password");
        await Assertions.Expect(Page.GetByTestId("lockout-message")).ToBeVisibleAsync();
        await CheckpointAsync("locked-out");

        await SubmitLoginAsync(visitor.Email, visitor.Password);
        await Assertions.Expect(Page.GetByTestId("lockout-message")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("logout")).ToHaveCountAsync(0);

        // A lockout is a login matter only: the subscription at Cheddar is untouched.
        var user = await Sandbox.FindUserAsync(visitor.Email);
        Assert.NotNull(user?.LockoutEnd);
        Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow);
        Assert.Null((await Sandbox.CustomerOfAsync(visitor.Email)).CurrentSubscription!.CanceledDatetime);
    }
}
