using System.Text.RegularExpressions;
using DemoSaaS.E2E.Infrastructure;

namespace DemoSaaS.E2E;

/// <summary>
/// Wrong passwords slow down the address that sends them (docs/decisions/0007-login-throttling.md); they never lock
/// the account. Four are free, the fifth makes this address wait 30 seconds, during which even the right password is
/// refused here; a password reset by mail ends every wait at once.
/// </summary>
public sealed class WrongPasswordsJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    [Fact]
    public async Task Wrong_passwords_make_this_address_wait_without_locking_the_account_and_a_reset_by_mail_lets_the_owner_in()
    {
        var visitor = Visitor.New("Throttle");
        await SignUpAsync(new SignupDetails { Visitor = visitor, Plan = "FREE" });
        await ConfirmEmailAsync(visitor);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await SubmitLoginAsync(visitor.Email, "wrong-password");
            await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Error: Invalid login attempt.");
        }
        await SubmitLoginAsync(visitor.Email, "wrong-password");
        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("wait 30 seconds before trying again");
        await CheckpointAsync("wrong-password");

        // The right password, from the address that guessed: refused unchecked while the wait runs.
        await SubmitLoginAsync(visitor.Email, visitor.Password);
        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync(new Regex(@"Try again in \d+ seconds, or reset your password by mail\."));
        await Assertions.Expect(Page.GetByTestId("logout")).ToHaveCountAsync(0);
        await CheckpointAsync("waiting");

        // The way out that always works: a reset link by mail.
        await Page.GotoAsync("/Account/ForgotPassword");
        await Page.GetByLabel("Email").FillAsync(visitor.Email);
        await PassThroughAsync();
        await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Reset password" }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/Account/ForgotPasswordConfirmation"));
        await PassThroughAsync();
        await Page.GotoAsync($"/dev/mailbox?to={Uri.EscapeDataString(visitor.Email)}");
        await Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Reset my password" }).ClickAsync();
        // The mailbox's mail articles are labelled too: wait for the reset page before looking for its Email field.
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/Account/ResetPassword\\?"));
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Reset", Exact = true })).ToBeVisibleAsync();
        var newPassword = visitor.Password + "-2";
        await Page.GetByLabel("Email").FillAsync(visitor.Email);
        await Page.GetByLabel("Password", new PageGetByLabelOptions { Exact = true }).FillAsync(newPassword);
        await Page.GetByLabel("Confirm password").FillAsync(newPassword);
        await CheckpointAsync("reset-password");
        await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Reset", Exact = true }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/Account/ResetPasswordConfirmation"));
        await PassThroughAsync();

        await SubmitLoginAsync(visitor.Email, newPassword);
        await Assertions.Expect(Page).Not.ToHaveURLAsync(new Regex("/Account/Login"));
        await Assertions.Expect(Page.GetByTestId("logout")).ToHaveCountAsync(1);
        await CheckpointAsync("logged-in-after-reset");

        // No lock was ever set on the account, and login matters never touch the subscription at Cheddar.
        var user = await Sandbox.FindUserAsync(visitor.Email);
        Assert.Null(user?.LockoutEnd);
        Assert.Null((await Sandbox.CustomerOfAsync(visitor.Email)).CurrentSubscription!.CanceledDatetime);
    }
}
