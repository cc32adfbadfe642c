using DemoSaaS.E2E.Infrastructure;
using Microsoft.Playwright;

namespace DemoSaaS.E2E;

/// <summary>
/// The static server-rendered Identity forms in a real browser: sign up, confirm through the development
/// mailbox, log in and out, and lock out after five wrong passwords.
/// </summary>
public sealed class IdentityJourney(AppServer app, BrowserSession browser) : IClassFixture<AppServer>, IClassFixture<BrowserSession>
{
    private const string Password = Accounts.Password;

    [Fact]
    public async Task A_visitor_signs_up_confirms_by_mail_logs_out_and_in_and_is_locked_out_after_five_wrong_passwords()
    {
        var email = $"e2e-{Guid.NewGuid():N}@example.com";
        var page = await browser.NewPageAsync(app.BaseAddress);

        // Sign up (FREE: no card) through the static signup form.
        await Accounts.SignUpAsync(page, email, "FREE");
        await Screenshot(page, "check-email");

        // Not confirmed yet: the login form says so.
        await LogInAsync(page, email, Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirm your email address first");

        // Confirm through the development mailbox.
        await page.GotoAsync($"/dev/mailbox?to={Uri.EscapeDataString(email)}");
        await Assertions.Expect(page.GetByTestId("mail")).ToHaveCountAsync(1);
        await Screenshot(page, "mailbox");
        await page.GetByRole(AriaRole.Link, new() { Name = "Confirm my email" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Thank you for confirming your email.");

        // Log in, then out.
        await LogInAsync(page, email, Password);
        await Assertions.Expect(page.GetByTestId("logout")).ToBeVisibleAsync();
        await page.GetByTestId("logout").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("logout")).ToHaveCountAsync(0);

        // Four wrong passwords are "invalid"; the fifth locks the account, and then even the right one is refused.
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await LogInAsync(page, email, "wrong-password");
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Invalid login attempt.");
        }
        await LogInAsync(page, email, "wrong-password");
        await Assertions.Expect(page.GetByTestId("lockout-message")).ToBeVisibleAsync();
        await Screenshot(page, "lockout");
        await LogInAsync(page, email, Password);
        await Assertions.Expect(page.GetByTestId("lockout-message")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("logout")).ToHaveCountAsync(0);
    }

    private static async Task LogInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserSession.ResultsDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ResultsDirectory, $"identity-{name}.png"), FullPage = true });
    }
}
