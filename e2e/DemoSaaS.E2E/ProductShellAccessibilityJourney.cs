using DemoSaaS.E2E.Infrastructure;

namespace DemoSaaS.E2E;

/// <summary>
/// axe finds no violations at all (of any impact) on the product shell's pages: landing, sign-in forms, mailbox,
/// reports, a report and export. Every other journey allows only minor and moderate ones.
/// </summary>
public sealed class ProductShellAccessibilityJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    [Fact]
    public async Task Landing_sign_in_mailbox_reports_report_and_export_pages_have_no_axe_violations()
    {
        var violations = new List<string>();

        await GotoInteractiveAsync("/");
        await Assertions.Expect(Page.GetByTestId("plan")).ToHaveCountAsync(3);
        await ScanIntoAsync("/", violations);
        await Page.GotoAsync("/Account/Login");
        await ScanIntoAsync("/Account/Login", violations);
        await Page.GotoAsync("/Account/Lockout");
        await ScanIntoAsync("/Account/Lockout", violations);

        var visitor = Visitor.New("Shell");
        await SubmitSignupAsync(new SignupDetails { Visitor = visitor, Plan = "PRO", Card = TestCard.Visa });
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();
        await ScanIntoAsync("/Account/RegisterConfirmation", violations);
        await Page.GotoAsync($"/dev/mailbox?to={Uri.EscapeDataString(visitor.Email)}");
        await ScanIntoAsync("/dev/mailbox", violations);
        await ConfirmEmailAsync(visitor);
        await LogInAsync(visitor);

        await GotoInteractiveAsync("/reports");
        await Assertions.Expect(Page.GetByTestId("generate")).ToBeEnabledAsync();
        await ScanIntoAsync("/reports", violations);
        await MakeReportAsync("Scores", "name,score\nada,3\nalan,5\n", isCsv: true);
        await ScanIntoAsync("/reports/{id}", violations);
        await GotoInteractiveAsync("/export");
        await Assertions.Expect(Page.GetByTestId("export-row")).ToHaveCountAsync(1);
        await ScanIntoAsync("/export", violations);

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    private async Task ScanIntoAsync(string name, List<string> violations)
    {
        var result = await ScanAsync();
        violations.AddRange(result.Violations.Select(v =>
            $"{name}: {v.Id} ({v.Impact}) {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
    }
}
