using DemoSaaS.Cheddar.Models;
using DemoSaaS.Web.Features.Account;
using DemoSaaS.Web.Tests.Infrastructure;

namespace DemoSaaS.Web.Tests.Features.Account;

/// <summary>
/// The plan rules on the real account page and service against the app's embedded sandbox, checked at Cheddar: no paid
/// plan without its card, one trial per customer, and a downgrade or cancel bills the overage used so far (ADR 0006).
/// </summary>
public sealed class PlanChangeRulesTests(DemoSaaSWebFactory factory) : BunitContext, IClassFixture<DemoSaaSWebFactory>
{
    private readonly AccountSandbox _sandbox = new(factory);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Free_to_pro_with_the_card_fields_left_empty_is_refused_at_the_card_number_and_nothing_changes_at_cheddar()
    {
        var user = await _sandbox.CreateCustomerAsync("FREE", withCard: false);
        var before = await _sandbox.GetAsync(user);
        var dialogs = AccountPageHost.SignIn(this, factory, user);
        var page = AccountPageHost.RenderPage(this);

        page.Find("[data-testid=choose-PRO]").Click();
        dialogs.WaitForElement("[data-testid=card-fields]");
        dialogs.Find("[data-testid=confirm-plan-change]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Pro needs a card on file",
            dialogs.Find("input[data-testid=card-number]").Closest(".mud-input-control")!.TextContent), TimeSpan.FromSeconds(10));
        Assert.NotEmpty(dialogs.FindAll("[data-testid=confirm-plan-change]"));
        Assert.Equal("Free", page.Find("[data-testid=plan-panel] h6").TextContent.Trim());
        var after = await _sandbox.GetAsync(user);
        Assert.Equal("FREE", Assert.Single(after.Subscriptions).Plan.Code);
        Assert.Equal(before.ModifiedDatetime, after.ModifiedDatetime);
    }

    [Fact]
    public async Task The_service_refuses_a_previewed_paid_plan_without_a_card_without_asking_cheddar()
    {
        var user = await _sandbox.CreateCustomerAsync("FREE", withCard: false);
        var service = _sandbox.AccountService();
        var preview = PlanChangePreview.For(await service.LoadAsync(user, Ct), Pro(await service.LoadAsync(user, Ct)));

        var result = await service.ChangePlanAsync(user, preview, new CardForm(), Ct);

        Assert.False(result.Succeeded);
        Assert.Equal(AccountField.CardNumber, result.Field);
        Assert.Equal("FREE", Assert.Single((await _sandbox.GetAsync(user)).Subscriptions).Plan.Code);
    }

    [Fact]
    public async Task A_paid_plan_asked_for_by_code_without_a_card_is_refused_too_and_nothing_changes_at_cheddar()
    {
        var user = await _sandbox.CreateCustomerAsync("FREE", withCard: false);
        var before = await _sandbox.GetAsync(user);

        var change = await _sandbox.AccountService().ChangePlanAsync(user, "PRO", card: null, Ct);
        var resubscribe = await _sandbox.AccountService().ResubscribeAsync(user, "TEAM", card: null, Ct);

        Assert.False(change.Succeeded);
        Assert.Equal(AccountField.CardNumber, change.Field);
        Assert.False(resubscribe.Succeeded);
        Assert.Equal(AccountField.CardNumber, resubscribe.Field);
        var after = await _sandbox.GetAsync(user);
        Assert.Equal("FREE", Assert.Single(after.Subscriptions).Plan.Code);
        Assert.Equal(before.ModifiedDatetime, after.ModifiedDatetime);
    }

    [Fact]
    public async Task Free_pro_free_pro_gets_one_trial_only_and_the_second_pro_is_billed_at_once()
    {
        var user = await _sandbox.CreateCustomerAsync("FREE", withCard: false);
        var service = _sandbox.AccountService();

        var first = await service.ChangePlanAsync(user, "PRO", AccountSandbox.Card(), Ct);
        Assert.Equal(AccountStatus.Trial, first.Overview!.Status);
        Assert.True((await service.ChangePlanAsync(user, "FREE", card: null, Ct)).Succeeded);

        var preview = PlanChangePreview.For(await service.LoadAsync(user, Ct), Pro(first.Overview));
        Assert.True(preview.TrialAlreadyUsed);
        Assert.StartsWith("19.00 is charged now", preview.ChargeSummary);

        // A change by plan code is previewed the same way, so it is billed at once too (the sandbox's own one-trial rule,
        // for changes made straight at Cheddar, is covered by the sandbox's PlanChangeRulesTests).
        var second = await service.ChangePlanAsync(user, "PRO", card: null, Ct);

        Assert.True(second.Succeeded, second.Message);
        Assert.Equal(AccountStatus.Active, second.Overview!.Status);
        var pro = (await _sandbox.GetAsync(user)).CurrentSubscription!;
        Assert.Equal("PRO", pro.Plan.Code);
        var paid = Assert.Single(pro.Invoices, i => i.IsPaid);
        Assert.Equal(19.00m, paid.Total);
        Assert.True(pro.CurrentInvoice!.BillingDatetime > second.Overview.AsOf.AddDays(27), "no second trial");
    }

    [Fact]
    public async Task The_previewed_change_after_a_used_trial_is_billed_at_once_with_the_card_on_file()
    {
        var user = await _sandbox.CreateCustomerAsync("PRO");
        var service = _sandbox.AccountService();
        Assert.True((await service.ChangePlanAsync(user, "FREE", card: null, Ct)).Succeeded);
        var preview = PlanChangePreview.For(await service.LoadAsync(user, Ct), Pro(await service.LoadAsync(user, Ct)));
        Assert.True(preview.TrialAlreadyUsed);
        Assert.False(preview.NeedsCard);

        var result = await service.ChangePlanAsync(user, preview, card: null, Ct);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(AccountStatus.Active, result.Overview!.Status);
        Assert.Contains(result.Overview.Invoices, l => l.Status == InvoiceStatus.Paid && l.Total == 19.00m);
    }

    [Fact]
    public async Task A_pro_user_in_overage_who_downgrades_sees_the_overage_first_and_cheddar_bills_it_at_the_change()
    {
        var user = await _sandbox.CreateCustomerAsync("PRO");
        await _sandbox.SetUsageAsync(user, "REPORTS", 600);
        await _sandbox.SetUsageAsync(user, "EXPORTS", 130);
        var dialogs = AccountPageHost.SignIn(this, factory, user);
        var page = AccountPageHost.RenderPage(this);

        page.Find("[data-testid=choose-FREE]").Click();
        dialogs.WaitForElement("[data-testid=overage-summary]");
        Assert.Contains("8.00 of Pro overage used this period (100 reports at 0.05, 30 exports at 0.10) is billed now",
            dialogs.Find("[data-testid=overage-summary]").TextContent);
        dialogs.Find("[data-testid=confirm-plan-change]").Click();

        page.WaitForAssertion(() => Assert.Equal("Free", page.Find("[data-testid=plan-panel] h6").TextContent.Trim()), TimeSpan.FromSeconds(10));
        var customer = await _sandbox.GetAsync(user);
        var overage = Assert.Single(customer.Subscriptions[1].Invoices, i => i.Type == Invoice.OneTimeType);
        Assert.True(overage.IsPaid);
        Assert.Equal(8.00m, overage.Total);
        Assert.Equal([("REPORTS", 100m), ("EXPORTS", 30m)], overage.Charges.Select(c => (c.Code, c.Quantity)));
        Assert.Equal(600m, customer.CurrentSubscription!.Items.Single(i => i.Code == "REPORTS").Quantity);
    }

    [Fact]
    public async Task A_pro_user_in_overage_who_cancels_sees_the_overage_first_and_cheddar_bills_it_at_the_cancel()
    {
        var user = await _sandbox.CreateCustomerAsync("PRO");
        await _sandbox.SetUsageAsync(user, "REPORTS", 540);
        var dialogs = AccountPageHost.SignIn(this, factory, user);
        var page = AccountPageHost.RenderPage(this);

        page.Find("[data-testid=cancel-subscription]").Click();
        dialogs.WaitForElement("[data-testid=confirm-text]");
        Assert.Contains("2.00 of Pro overage used this period (40 reports at 0.05) is billed now, with the cancel, to your Visa ending 1111",
            dialogs.Find("[data-testid=confirm-text]").TextContent);
        dialogs.Find("[data-testid=confirm-action]").Click();

        page.WaitForAssertion(() => Assert.Equal("Canceled", page.Find("[data-testid=status-chip]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        var canceled = (await _sandbox.GetAsync(user)).CurrentSubscription!;
        var overage = Assert.Single(canceled.Invoices, i => i.Type == Invoice.OneTimeType);
        Assert.True(overage.IsPaid);
        Assert.Equal(2.00m, overage.Total);
        Assert.Equal(540m, canceled.Items.Single(i => i.Code == "REPORTS").Quantity);
    }

    [Fact]
    public async Task A_cancel_through_the_service_says_what_overage_was_billed()
    {
        var user = await _sandbox.CreateCustomerAsync("PRO");
        await _sandbox.SetUsageAsync(user, "EXPORTS", 110);

        var result = await _sandbox.AccountService().CancelAsync(user, Ct);

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("The overage used this period, 1.00, was billed.", result.Message);
        Assert.Contains(result.Overview!.Invoices, l => l.IsOneTime && l.Status == InvoiceStatus.Paid && l.Total == 1.00m);
    }

    private static Plan Pro(AccountOverview overview) => overview.Plans.Single(p => p.Code == "PRO");
}
