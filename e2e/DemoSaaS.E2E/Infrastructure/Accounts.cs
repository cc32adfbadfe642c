using Microsoft.Playwright;

namespace DemoSaaS.E2E.Infrastructure;

/// <summary>Gets a browser signed in as a new, confirmed user through the real forms and the development mailbox.</summary>
public static class Accounts
{
    public const string Password = "Str0ng!Passw0rd";

    /// <summary>Signs up on /signup (a card for paid plans) and lands on "check your email".</summary>
    public static async Task SignUpAsync(IPage page, string email, string plan)
    {
        await page.GotoAsync($"/signup?plan={plan}");
        await page.Locator($"#plan-{plan}").CheckAsync();
        await page.GetByLabel("First name").FillAsync("Ada");
        await page.GetByLabel("Last name").FillAsync("Lovelace");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        if (plan != "FREE")
        {
            await page.GetByLabel("Card number").FillAsync("4111111111111111");
            await page.GetByLabel("Expiry (MM/YYYY)").FillAsync($"12/{DateTime.UtcNow.Year + 3}");
            await page.GetByLabel("CVV").FillAsync("123");
            await page.GetByLabel("Billing zip").FillAsync("12345");
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();
    }

    public static async Task SignUpAndLogInAsync(IPage page, string email, string plan)
    {
        await SignUpAsync(page, email, plan);
        await ConfirmAndLogInAsync(page, email);
    }

    public static async Task ConfirmAndLogInAsync(IPage page, string email)
    {
        await page.GotoAsync($"/dev/mailbox?to={Uri.EscapeDataString(email)}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Confirm my email" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Thank you for confirming your email.");
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("logout")).ToBeVisibleAsync();
    }
}
