using DemoSaaS.E2E.Infrastructure;
using Microsoft.Playwright;

namespace DemoSaaS.E2E;

/// <summary>
/// Under the app's strict Content-Security-Policy a real Chromium still connects the Blazor circuit and runs
/// MudBlazor, with not one CSP violation; and no page a paying user sees carries a card number.
/// </summary>
public sealed class ContentSecurityPolicyJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    private static readonly string[] CardNumbers = ["4111111111111111", "5424000000000015", "6011000000000012", "370000000000002"];

    [Fact]
    public async Task A_paying_user_signs_up_makes_a_report_and_opens_the_account_with_no_CSP_violation_and_no_card_number_on_screen()
    {
        var page = Page;
        // Injected by the DevTools protocol, so the policy itself does not block the listener.
        await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));");
        var console = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" || message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                console.Add(message.Text);
            }
        };
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        var texts = new List<string>();

        var circuit = page.WaitForWebSocketAsync();
        await page.GotoAsync("/");
        await circuit;
        await Assertions.Expect(page.GetByTestId("circuit-status")).ToHaveTextAsync("Live connection");
        await KeepTextAsync(page, texts, "csp-home");

        await SignUpAndLogInAsync(new SignupDetails { Visitor = Visitor.New("Csp"), Plan = "PRO", Card = TestCard.Visa });
        await Assertions.Expect(page.GetByTestId("logout")).ToBeVisibleAsync();
        await KeepTextAsync(page, texts, "csp-signed-in");

        circuit = page.WaitForWebSocketAsync();
        await page.GotoAsync("/reports");
        await circuit;
        await Assertions.Expect(page.GetByTestId("generate")).ToBeEnabledAsync();
        await PassThroughAsync();
        await page.Locator("#report-text").FillAsync("alpha beta beta gamma gamma gamma");
        await page.GetByTestId("generate").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-heading")).ToBeVisibleAsync();
        await KeepTextAsync(page, texts, "csp-report");

        circuit = page.WaitForWebSocketAsync();
        await page.GotoAsync("/account");
        await circuit;
        await Assertions.Expect(page.GetByTestId("as-of")).ToBeVisibleAsync();
        await page.GetByTestId("reload").ClickAsync();
        await Assertions.Expect(page.GetByText("ending 1111")).ToBeVisibleAsync();
        await KeepTextAsync(page, texts, "csp-account");

        var violations = await page.EvaluateAsync<string[]?>("() => window.__csp || null") ?? [];
        Assert.True(violations.Length == 0, "CSP violations:\n" + string.Join('\n', violations));
        Assert.True(console.Count == 0, "Console errors:\n" + string.Join('\n', console));
        Assert.Empty(pageErrors);

        // This journey's pages, and the page text any journey saved beside its screenshots so far.
        var saved = Directory.GetFiles(BrowserSession.ResultsDirectory, "*.txt").Select(File.ReadAllText);
        foreach (var text in texts.Concat(saved))
        {
            Assert.All(CardNumbers, number => Assert.DoesNotContain(number, text.Replace(" ", "")));
        }
    }

    /// <summary>Saves a screenshot and, beside it, the page's visible text (what the screenshot shows, searchable); axe checks the page.</summary>
    private async Task KeepTextAsync(IPage page, List<string> texts, string name)
    {
        await PassThroughAsync();
        Directory.CreateDirectory(BrowserSession.ResultsDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ResultsDirectory, name + ".png"), FullPage = true });
        var text = await page.InnerTextAsync("body");
        await File.WriteAllTextAsync(Path.Combine(BrowserSession.ResultsDirectory, name + ".txt"), text, TestContext.Current.CancellationToken);
        texts.Add(text);
    }
}
