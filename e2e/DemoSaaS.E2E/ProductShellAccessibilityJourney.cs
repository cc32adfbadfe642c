using Deque.AxeCore.Playwright;
using DemoSaaS.E2E.Infrastructure;
using Microsoft.Playwright;

namespace DemoSaaS.E2E;

/// <summary>axe finds no violations on the product shell's pages: landing, sign-in forms, mailbox, reports, export.</summary>
public sealed class ProductShellAccessibilityJourney(AppServer app, BrowserSession browser) : IClassFixture<AppServer>, IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Landing_sign_in_mailbox_reports_report_and_export_pages_have_no_axe_violations()
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        var violations = new List<string>();

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByTestId("plan")).ToHaveCountAsync(3);
        await Scan(page, "/", violations);
        await page.GotoAsync("/Account/Login");
        await Scan(page, "/Account/Login", violations);
        await page.GotoAsync("/Account/Lockout");
        await Scan(page, "/Account/Lockout", violations);

        var email = $"a11y-{Guid.NewGuid():N}@example.com";
        await Accounts.SignUpAsync(page, email, "PRO");
        await Scan(page, "/Account/RegisterConfirmation", violations);
        await page.GotoAsync($"/dev/mailbox?to={Uri.EscapeDataString(email)}");
        await Scan(page, "/dev/mailbox", violations);
        await Accounts.ConfirmAndLogInAsync(page, email);

        await page.GotoAsync("/reports");
        await Assertions.Expect(page.GetByTestId("generate")).ToBeEnabledAsync();
        await Scan(page, "/reports", violations);
        await page.Locator("#report-text").FillAsync("name,score\nada,3\nalan,5\n");
        await page.GetByLabel("The pasted text is CSV").CheckAsync();
        await page.GetByTestId("generate").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-heading")).ToBeVisibleAsync();
        await Scan(page, "/reports/{id}", violations);
        await page.GotoAsync("/export");
        await Assertions.Expect(page.GetByTestId("export-row")).ToHaveCountAsync(1);
        await Scan(page, "/export", violations);

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    private static async Task Scan(IPage page, string name, List<string> violations)
    {
        var result = await page.RunAxe();
        violations.AddRange(result.Violations.Select(v =>
            $"{name}: {v.Id} ({v.Impact}) {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
    }
}
