using DemoSaaS.Web.Features.Account;
using DemoSaaS.Web.Tests.Infrastructure;

namespace DemoSaaS.Web.Tests.Features.Account;

/// <summary>Every account action through the page's service against the app's real embedded sandbox.</summary>
public sealed class AccountActionsTests(DemoSaaSWebFactory factory) : IClassFixture<DemoSaaSWebFactory>
{
    private readonly AccountSandbox _sandbox = new(factory);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Upgrading_free_to_team_with_a_card_charges_the_plan_now_and_shows_team_active()
    {
        var user = await _sandbox.CreateCustomerAsync("FREE", withCard: false);
        var card = AccountSandbox.Card();

        var result = await _sandbox.AccountService().ChangePlanAsync(user, "TEAM", card, Ct);

        Assert.True(result.Succeeded, result.Message);
        var overview = result.Overview!;
        Assert.Equal("TEAM", overview.Plan!.Code);
        Assert.Equal(AccountStatus.Active, overview.Status);
        Assert.Equal("1111", overview.Card!.LastFour);
        var paid = Assert.Single(overview.Invoices, i => i.Status == InvoiceStatus.Paid);
        Assert.Equal(49.00m, paid.Total);
        Assert.Equal("", card.Number + card.Cvv + card.Expiry);
        Assert.Equal("TEAM", (await _sandbox.GetAsync(user)).CurrentSubscription!.Plan.Code);
    }

    [Fact]
    public async Task Upgrading_free_to_pro_starts_the_trial_with_its_days_left_and_first_bill()
    {
        var user = await _sandbox.CreateCustomerAsync("FREE", withCard: false);

        var result = await _sandbox.AccountService().ChangePlanAsync(user, "PRO", AccountSandbox.Card(), Ct);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(AccountStatus.Trial, result.Overview!.Status);
        Assert.Equal(14, result.Overview.TrialDaysLeft);
        Assert.Equal(19.00m, result.Overview.NextBillAmount);
        Assert.DoesNotContain(result.Overview.Invoices, i => i.Status == InvoiceStatus.Paid);
    }

    [Fact]
    public async Task Upgrading_with_a_declined_card_shows_the_reason_at_the_card_number_and_changes_nothing()
    {
        var user = await _sandbox.CreateCustomerAsync("FREE", withCard: false);
        var card = AccountSandbox.Card(zip: "06000");

        var result = await _sandbox.AccountService().ChangePlanAsync(user, "TEAM", card, Ct);

        Assert.False(result.Succeeded);
        Assert.Equal(AccountField.CardNumber, result.Field);
        Assert.Contains("declined", result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", card.Number + card.Cvv);
        var customer = await _sandbox.GetAsync(user);
        Assert.Equal("FREE", customer.CurrentSubscription!.Plan.Code);
        Assert.True(string.IsNullOrEmpty(customer.CurrentSubscription.CcLastFour));
    }

    [Fact]
    public async Task A_card_number_cheddar_rejects_is_reported_next_to_the_number()
    {
        var user = await _sandbox.CreateCustomerAsync("PRO");

        var result = await _sandbox.AccountService().UpdateCardAsync(user, AccountSandbox.Card(number: "4111111111111112"), Ct);

        Assert.False(result.Succeeded);
        Assert.Equal(AccountField.CardNumber, result.Field);
        Assert.Equal("1111", (await _sandbox.GetAsync(user)).CurrentSubscription!.CcLastFour);
    }

    [Fact]
    public async Task Downgrading_team_to_free_shows_free_and_drops_exports()
    {
        var user = await _sandbox.CreateCustomerAsync("TEAM");

        var result = await _sandbox.AccountService().ChangePlanAsync(user, "FREE", card: null, Ct);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("FREE", result.Overview!.Plan!.Code);
        Assert.Equal(AccountStatus.Active, result.Overview.Status);
        Assert.DoesNotContain(result.Overview.Usage, u => u.ItemCode == "EXPORTS");
        Assert.Equal("FREE", (await _sandbox.GetAsync(user)).CurrentSubscription!.Plan.Code);
    }

    [Fact]
    public async Task Updating_the_card_shows_the_new_type_last_four_and_expiry_and_clears_the_form()
    {
        var user = await _sandbox.CreateCustomerAsync("PRO");
        var card = AccountSandbox.Card(number: AccountSandbox.GoodMastercard, expiry: "07/30");

        var result = await _sandbox.AccountService().UpdateCardAsync(user, card, Ct);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("Mastercard", result.Overview!.Card!.TypeName);
        Assert.Equal("4444", result.Overview.Card.LastFour);
        Assert.Equal("07/2030", result.Overview.Card.Expiry);
        Assert.Contains("ending 4444", result.Message);
        Assert.Equal("", card.Number + card.Cvv + card.Expiry + card.Zip);
    }

    [Fact]
    public async Task Changing_the_bill_date_moves_the_next_bill_at_cheddar()
    {
        var user = await _sandbox.CreateCustomerAsync("TEAM");
        var newDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10);

        var result = await _sandbox.AccountService().ChangeBillDateAsync(user, newDate, Ct);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(newDate, DateOnly.FromDateTime(result.Overview!.NextBillDate!.Value.UtcDateTime));
        var open = (await _sandbox.GetAsync(user)).CurrentSubscription!.CurrentInvoice!;
        Assert.Equal(newDate, DateOnly.FromDateTime(open.BillingDatetime!.Value.UtcDateTime));
    }

    [Fact]
    public async Task A_bill_date_in_the_past_is_refused_next_to_the_field_without_calling_cheddar()
    {
        var user = await _sandbox.CreateCustomerAsync("TEAM");
        var before = (await _sandbox.GetAsync(user)).CurrentSubscription!.CurrentInvoice!.BillingDatetime;

        var result = await _sandbox.AccountService().ChangeBillDateAsync(user, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), Ct);

        Assert.False(result.Succeeded);
        Assert.Equal(AccountField.BillDate, result.Field);
        Assert.Equal(before, (await _sandbox.GetAsync(user)).CurrentSubscription!.CurrentInvoice!.BillingDatetime);
    }

    [Fact]
    public async Task Applying_a_coupon_discounts_the_next_bill()
    {
        var user = await _sandbox.CreateCustomerAsync("TEAM");

        var result = await _sandbox.AccountService().ApplyCouponAsync(user, "LAUNCH20", Ct);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("LAUNCH20", result.Overview!.CouponCode);
        Assert.Equal(39.20m, result.Overview.NextBillAmount);
    }

    [Fact]
    public async Task An_unknown_coupon_is_reported_next_to_the_coupon_field_and_changes_nothing()
    {
        var user = await _sandbox.CreateCustomerAsync("TEAM");

        var result = await _sandbox.AccountService().ApplyCouponAsync(user, "NOPE99", Ct);

        Assert.False(result.Succeeded);
        Assert.Equal(AccountField.Coupon, result.Field);
        Assert.True(string.IsNullOrEmpty((await _sandbox.GetAsync(user)).CurrentSubscription!.CouponCode));
    }

    [Fact]
    public async Task A_report_pack_is_invoiced_and_paid_at_once_and_raises_this_periods_reports_allowance()
    {
        var user = await _sandbox.CreateCustomerAsync("FREE");
        await _sandbox.SetUsageAsync(user, "REPORTS", 20);
        var service = _sandbox.AccountService();
        var before = await service.LoadAsync(user, Ct);
        Assert.True(Assert.Single(before.Usage).IsAtLimit);

        var result = await service.BuyReportPackAsync(user, before, Ct);

        Assert.True(result.Succeeded, result.Message);
        var reports = Assert.Single(result.Overview!.Usage);
        Assert.Equal(120, reports.Allowance);
        Assert.Equal(100, reports.PackCredit);
        Assert.False(reports.IsAtLimit);
        var pack = Assert.Single(result.Overview.Invoices, i => i.IsOneTime);
        Assert.Equal(InvoiceStatus.Paid, pack.Status);
        Assert.Equal(4.00m, pack.Total);
        Assert.Equal("REPORT_PACK", Assert.Single(pack.Invoice.Charges).Code);
    }

    [Fact]
    public async Task A_report_pack_without_a_card_on_file_is_refused_and_no_invoice_is_created()
    {
        var user = await _sandbox.CreateCustomerAsync("FREE", withCard: false);
        var service = _sandbox.AccountService();

        var result = await service.BuyReportPackAsync(user, await service.LoadAsync(user, Ct), Ct);

        Assert.False(result.Succeeded);
        Assert.Contains("card", result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain((await _sandbox.GetAsync(user)).Subscriptions.SelectMany(s => s.Invoices), i => i.Type == "one-time");
    }

    [Fact]
    public async Task Canceling_locks_the_account_with_its_date_and_resubscribing_with_a_card_bills_at_once()
    {
        var user = await _sandbox.CreateCustomerAsync("TEAM");
        var service = _sandbox.AccountService();

        var canceled = await service.CancelAsync(user, Ct);

        Assert.True(canceled.Succeeded, canceled.Message);
        Assert.Equal(AccountStatus.Canceled, canceled.Overview!.Status);
        Assert.NotNull(canceled.Overview.CanceledAt);
        Assert.Null(canceled.Overview.NextBillDate);
        Assert.False((await _sandbox.GetAsync(user)).IsActive(DateTimeOffset.UtcNow.AddMinutes(1)));

        var back = await service.ResubscribeAsync(user, "PRO", AccountSandbox.Card(number: AccountSandbox.GoodMastercard), Ct);

        Assert.True(back.Succeeded, back.Message);
        Assert.Equal(AccountStatus.Active, back.Overview!.Status);
        Assert.Equal("PRO", back.Overview.Plan!.Code);
        Assert.Contains(back.Overview.Invoices, i => i.Status == InvoiceStatus.Paid && i.Total == 19.00m);
    }

    [Fact]
    public async Task When_cheddar_is_down_a_plan_change_says_nothing_changed_and_nothing_did()
    {
        var user = await _sandbox.CreateCustomerAsync("TEAM");
        await _sandbox.InjectFaultAsync($"customers/edit-subscription/productCode/DEMOSAAS/code/{user}", 503);

        var result = await _sandbox.AccountService().ChangePlanAsync(user, "PRO", card: null, Ct);

        Assert.False(result.Succeeded);
        Assert.Contains("Nothing was changed", result.Message);
        Assert.Equal("TEAM", (await _sandbox.GetAsync(user)).CurrentSubscription!.Plan.Code);
    }

    [Fact]
    public async Task A_user_without_a_cheddar_customer_sees_no_subscription()
    {
        var overview = await _sandbox.AccountService().LoadAsync($"nobody-{Guid.NewGuid():N}", Ct);

        Assert.Equal(AccountStatus.NoSubscription, overview.Status);
        Assert.Equal(["FREE", "PRO", "TEAM"], overview.Plans.Select(p => p.Code));
    }
}
