using DemoSaaS.E2E.Infrastructure;

namespace DemoSaaS.E2E;

/// <summary>
/// A tab left in the background gives its circuit back (the test host pauses after 2 s hidden instead of 60 s) and,
/// shown again, resumes where the user left it: the report form's text, title and scroll position, the account page's
/// invoice panels. The server holds no circuit of the user while the tab is hidden.
/// </summary>
public sealed class HiddenTabPauseJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    [Fact]
    public async Task A_hidden_report_form_is_paused_on_the_server_and_resumes_with_the_text_typed_into_it()
    {
        var visitor = Visitor.New("HiddenTab");
        await SignUpAndLogInAsync(new SignupDetails { Visitor = visitor, Plan = "FREE" });
        // Short enough that the Reports page scrolls, so that the scroll position is something to lose.
        await Page.SetViewportSizeAsync(1000, 420);
        await GotoInteractiveAsync("/reports");
        await Assertions.Expect(Page.GetByTestId("generate")).ToBeEnabledAsync();

        const string text = "Paused circuits keep their words: cheddar, cheddar, reports.";
        const string title = "Written before a coffee break";
        await Page.Locator("#report-text").FillAsync(text);
        await Page.Locator("#report-text").BlurAsync();
        // The title is typed but never left: the pause itself must hand it to the server.
        await Page.Locator("#report-title").FillAsync(title);
        var scrolledTo = await Page.EvaluateAsync<int>("() => { window.scrollTo(0, 150); return Math.round(window.scrollY); }");
        Assert.True(scrolledTo > 0, "The Reports page should scroll in a 420 px high window.");
        await CheckpointAsync("form-filled");
        await App.Circuits.ExpectOpenForAsync(visitor.Email, 1);

        await TabVisibility.HideAsync(Page);
        await Assertions.Expect(Page.Locator("html")).ToHaveAttributeAsync("data-circuit", "paused", new() { Timeout = 20_000 });
        await App.Circuits.ExpectOpenForAsync(visitor.Email, 0);

        await TabVisibility.ShowAsync(Page);
        await Assertions.Expect(Page.Locator("html")).ToHaveAttributeAsync("data-circuit", "connected");
        await App.Circuits.ExpectOpenForAsync(visitor.Email, 1);
        await Assertions.Expect(Page.Locator("#report-text")).ToHaveValueAsync(text);
        await Assertions.Expect(Page.Locator("#report-title")).ToHaveValueAsync(title);
        await Assertions.Expect(Page.GetByTestId("report-text-count")).ToHaveTextAsync($"{text.Length} / 100000");
        Assert.Equal(scrolledTo, await Page.EvaluateAsync<int>("() => Math.round(window.scrollY)"));
        await CheckpointAsync("resumed");

        // The resumed circuit is a working one: the form's other tab opens and the report is made from what was kept.
        await Page.GetByTestId("tab-upload").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("file-name")).ToHaveTextAsync("No file chosen");
        await Page.GetByTestId("tab-paste").ClickAsync();
        await Assertions.Expect(Page.Locator("#report-text")).ToHaveValueAsync(text);
        await Page.GetByTestId("generate").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("report-heading")).ToHaveTextAsync(title);
        await Assertions.Expect(Page.GetByTestId("top-word").First).ToContainTextAsync("cheddar");
        await CheckpointAsync("report-made");
    }

    [Fact]
    public async Task A_hidden_account_page_is_paused_and_resumes_with_the_invoice_panels_as_the_user_left_them()
    {
        var visitor = Visitor.New("HiddenAccount");
        await SignUpAndLogInAsync(new SignupDetails { Visitor = visitor, Plan = "FREE" });
        await OpenAccountAsync();
        var invoice = Page.Locator(".mud-expand-panel[data-testid^='invoice-']").First;
        await Assertions.Expect(invoice).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-panel-expanded"));

        // The upcoming invoice is open by default; the user closes it.
        await invoice.Locator(".mud-expand-panel-header").ClickAsync();
        await Assertions.Expect(invoice).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-panel-expanded"));
        await CheckpointAsync("invoice-closed");

        await TabVisibility.HideAsync(Page);
        await Assertions.Expect(Page.Locator("html")).ToHaveAttributeAsync("data-circuit", "paused", new() { Timeout = 20_000 });
        await App.Circuits.ExpectOpenForAsync(visitor.Email, 0);

        await TabVisibility.ShowAsync(Page);
        await Assertions.Expect(Page.Locator("html")).ToHaveAttributeAsync("data-circuit", "connected");
        await App.Circuits.ExpectOpenForAsync(visitor.Email, 1);
        await Assertions.Expect(Page.GetByTestId("plan-panel")).ToBeVisibleAsync();
        await Assertions.Expect(invoice).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-panel-expanded"));
        await CheckpointAsync("resumed");

        // Working after the resume: the panel opens again on a click.
        await invoice.Locator(".mud-expand-panel-header").ClickAsync();
        await Assertions.Expect(invoice).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-panel-expanded"));
    }
}
