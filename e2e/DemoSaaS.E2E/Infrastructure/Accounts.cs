using Microsoft.Playwright;

namespace DemoSaaS.E2E.Infrastructure;

/// <summary>Gets a browser signed in as a new, confirmed user through the real forms and the development mailbox.</summary>
public static class Accounts
{
    public const string Password = "Str0ng!Passw0rd";

    public static async Task SignUpAndLogInAsync(IPage page, string email, string plan)
    {
        await page.GotoAsync("/Account/Register");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirm password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();
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
