using DemoSaaS.Web.Tests.Infrastructure;

namespace DemoSaaS.Web.Tests.Features.Account;

/// <summary>The real account page, signed in, against the app's embedded sandbox: what the user clicks and reads.</summary>
public sealed class AccountPageTests(DemoSaaSWebFactory factory) : BunitContext, IClassFixture<DemoSaaSWebFactory>
{
    private readonly AccountSandbox _sandbox = new(factory);

    [Fact]
    public async Task A_declined_card_on_upgrade_shows_next_to_the_number_and_a_good_card_then_switches_the_plan()
    {
        var user = await _sandbox.CreateCustomerAsync("FREE", withCard: false);
        var dialogs = AccountPageHost.SignIn(this, factory, user);
        var page = AccountPageHost.RenderPage(this);

        page.Find("[data-testid=choose-TEAM]").Click();
        dialogs.WaitForElement("[data-testid=charge-summary]");
        Assert.Contains("49.00 is charged now", dialogs.Find("[data-testid=charge-summary]").TextContent);
        FillCard(dialogs, zip: "06000");
        dialogs.Find("[data-testid=confirm-plan-change]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("declined",
            dialogs.Find("input[data-testid=card-number]").Closest(".mud-input-control")!.TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("", dialogs.Find("input[data-testid=card-number]").GetAttribute("value"));
        Assert.Equal("Free", page.Find("[data-testid=plan-panel] h6").TextContent.Trim());

        FillCard(dialogs, zip: "12345");
        dialogs.Find("[data-testid=confirm-plan-change]").Click();

        page.WaitForAssertion(() => Assert.Equal("Team", page.Find("[data-testid=plan-panel] h6").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Equal("Active", page.Find("[data-testid=status-chip]").TextContent.Trim());
        Assert.Contains("Visa ending 1111", page.Find("[data-testid=card-on-file]").TextContent);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=confirm-plan-change]")), TimeSpan.FromSeconds(5));
        Assert.Equal("TEAM", (await _sandbox.GetAsync(user)).CurrentSubscription!.Plan.Code);
    }

    [Fact]
    public async Task Canceling_after_confirming_locks_the_account_and_offers_to_resubscribe()
    {
        var user = await _sandbox.CreateCustomerAsync("TEAM");
        var dialogs = AccountPageHost.SignIn(this, factory, user);
        var page = AccountPageHost.RenderPage(this);

        page.Find("[data-testid=cancel-subscription]").Click();
        dialogs.WaitForElement("[data-testid=confirm-text]");
        Assert.Contains("lock at once", dialogs.Find("[data-testid=confirm-text]").TextContent);
        dialogs.Find("[data-testid=confirm-action]").Click();

        page.WaitForAssertion(() => Assert.Equal("Canceled", page.Find("[data-testid=status-chip]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Contains("Reports and exports are locked", page.Find("[data-testid=status-detail]").TextContent);
        Assert.NotNull(page.Find("[data-testid=choose-PRO]"));
        Assert.Contains("Resubscribe to Pro", page.Find("[data-testid=choose-PRO]").TextContent);
    }

    [Fact]
    public async Task A_coupon_cheddar_does_not_know_is_shown_under_the_coupon_field()
    {
        var user = await _sandbox.CreateCustomerAsync("TEAM");
        AccountPageHost.SignIn(this, factory, user);
        var page = AccountPageHost.RenderPage(this);

        page.Find("input[data-testid=coupon-input]").Change("NOPE99");
        page.Find("[data-testid=apply-coupon]").Click();

        page.WaitForAssertion(() => Assert.Contains("Nothing was changed",
            page.Find("input[data-testid=coupon-input]").Closest(".mud-input-control")!.TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid=coupon-on-file]"));
    }

    [Fact]
    public async Task Buying_a_report_pack_adds_a_paid_invoice_and_raises_the_reports_allowance_on_the_page()
    {
        var user = await _sandbox.CreateCustomerAsync("FREE");
        await _sandbox.SetUsageAsync(user, "REPORTS", 20);
        var dialogs = AccountPageHost.SignIn(this, factory, user);
        var page = AccountPageHost.RenderPage(this);
        Assert.Contains("20 of 20 used", page.Find("[data-testid=usage-REPORTS] [data-testid=usage-text]").TextContent);

        page.Find("[data-testid=buy-pack]").Click();
        dialogs.WaitForElement("[data-testid=confirm-text]");
        Assert.Contains("4.00 is charged to your Visa ending 1111 now", dialogs.Find("[data-testid=confirm-text]").TextContent);
        dialogs.Find("[data-testid=confirm-action]").Click();

        page.WaitForAssertion(() => Assert.Contains("20 of 120 used", page.Find("[data-testid=usage-REPORTS] [data-testid=usage-text]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Contains("Paid", page.FindAll("[data-testid=invoice-status]").Select(e => e.TextContent.Trim()));
        Assert.Contains("4.00", page.FindAll("[data-testid=invoice-total]").Select(e => e.TextContent.Trim()));
    }

    private static void FillCard(IRenderedComponent<MudBlazor.MudDialogProvider> dialogs, string zip)
    {
        dialogs.Find("input[data-testid=card-first-name]").Change("Ada");
        dialogs.Find("input[data-testid=card-last-name]").Change("Lovelace");
        dialogs.Find("input[data-testid=card-number]").Change(AccountSandbox.GoodVisa);
        dialogs.Find("input[data-testid=card-expiry]").Change("12/31");
        dialogs.Find("input[data-testid=card-cvv]").Change("123");
        dialogs.Find("input[data-testid=card-zip]").Change(zip);
    }
}
