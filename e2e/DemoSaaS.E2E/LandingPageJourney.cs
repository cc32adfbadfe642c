using DemoSaaS.E2E.Infrastructure;

namespace DemoSaaS.E2E;

/// <summary>A visitor lands on the product page, reads the prices Cheddar holds, and picks a plan to sign up for.</summary>
public sealed class LandingPageJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    [Fact]
    public async Task A_visitor_sees_cheddars_plans_and_prices_and_picking_pro_preselects_it_at_signup()
    {
        await GotoInteractiveAsync("/");
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Awesome Reports", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("circuit-status")).ToHaveTextAsync("Live connection");

        // The theme's CSS is in the page head; the toggle switches the whole page to the dark palette and back.
        var background = () => Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        var light = await background();
        await Page.GetByTestId("theme-toggle").ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("body")).Not.ToHaveCSSAsync("background-color", light);
        await Page.GetByTestId("theme-toggle").ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("body")).ToHaveCSSAsync("background-color", light);

        var plans = await App.Services.GetRequiredService<DemoSaaS.Cheddar.ICheddarPlans>().GetAllAsync(TestContext.Current.CancellationToken);
        await Assertions.Expect(Page.GetByTestId("plan")).ToHaveCountAsync(plans.Count);
        var pro = plans.Single(p => p.Code == "PRO");
        await Assertions.Expect(Page.Locator("[data-plan=PRO]").GetByTestId("plan-price")).ToContainTextAsync($"${pro.RecurringChargeAmount:0} / month");
        await CheckpointAsync("landing");

        await Page.Locator("[data-plan=PRO]").GetByTestId("plan-cta").ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signup\\?plan=PRO"));
        await Assertions.Expect(Page.Locator("#plan-PRO")).ToBeCheckedAsync();
        await Assertions.Expect(Page.GetByLabel("Card number")).ToBeVisibleAsync();
        await CheckpointAsync("signup");

        // FREE needs no card: the card fields go away (without any script: the form is static).
        await Page.Locator("label[for=plan-FREE]").ClickAsync();
        await Assertions.Expect(Page.GetByLabel("Card number")).ToBeHiddenAsync();
    }
}
