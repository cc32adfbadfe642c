using DemoSaaS.Cheddar.Models;
using DemoSaaS.Web.Features.Account;
using DemoSaaS.Web.Features.Billing.Usage;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using static DemoSaaS.Web.Tests.Features.Account.AccountModels;

namespace DemoSaaS.Web.Tests.Features.Account;

/// <summary>The account page's components rendered with known Cheddar data: what the user reads and what clicks do.</summary>
public sealed class AccountComponentTests : BunitContext
{
    public AccountComponentTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void An_active_paid_plan_shows_active_and_the_next_bill_with_its_amount()
    {
        var overview = Overview(Customer(Team, [Open(49m, Now.AddDays(5)), Paid(1, 49m, Now.AddDays(-26))]));

        var cut = Render<PlanStatusPanel>(p => p.Add(c => c.Overview, overview));

        Assert.Equal("Active", cut.Find("[data-testid=status-chip]").TextContent.Trim());
        Assert.Equal("Next bill: 1 Dec 2026 — 49.00", cut.Find("[data-testid=next-bill]").TextContent.Trim());
    }

    [Fact]
    public void A_trial_shows_the_days_left_and_the_first_bill_date()
    {
        var overview = Overview(Customer(Pro, [Open(19m, Now.AddDays(9).AddHours(3))], created: Now.AddDays(-5)));

        var cut = Render<PlanStatusPanel>(p => p.Add(c => c.Overview, overview));

        Assert.Equal("Trial", cut.Find("[data-testid=status-chip]").TextContent.Trim());
        Assert.Contains("10 days left", cut.Find("[data-testid=status-detail]").TextContent);
        Assert.Contains("first bill is on 5 Dec 2026", cut.Find("[data-testid=status-detail]").TextContent);
    }

    [Fact]
    public void A_report_pack_paid_during_the_trial_does_not_end_the_trial()
    {
        var overview = Overview(Customer(Pro, [Open(19m, Now.AddDays(9)), Paid(2, 4m, Now.AddHours(-1), Invoice.OneTimeType, "REPORT_PACK")], created: Now.AddDays(-5)));

        var cut = Render<PlanStatusPanel>(p => p.Add(c => c.Overview, overview));

        Assert.Equal("Trial", cut.Find("[data-testid=status-chip]").TextContent.Trim());
    }

    [Fact]
    public void A_canceled_subscription_shows_its_date_and_offers_no_cancel_button()
    {
        var overview = Overview(Customer(Pro, [Paid(1, 19m, Now.AddDays(-20))], canceled: Now.AddDays(-2), cancelType: "customer"));

        var cut = Render<PlanStatusPanel>(p => p.Add(c => c.Overview, overview));

        Assert.Equal("Canceled", cut.Find("[data-testid=status-chip]").TextContent.Trim());
        Assert.Contains("Canceled on 24 Nov 2026", cut.Find("[data-testid=status-detail]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=cancel-subscription]"));
    }

    [Fact]
    public void A_declined_renewal_shows_past_due_with_the_amount_owed()
    {
        var overview = Overview(Customer(Team, [Open(49m, Now.AddDays(28)), Declined(2, 49m, Now.AddDays(-2)), Paid(1, 49m, Now.AddDays(-33))]));

        var cut = Render<PlanStatusPanel>(p => p.Add(c => c.Overview, overview));

        Assert.Equal("Past due", cut.Find("[data-testid=status-chip]").TextContent.Trim());
        Assert.Contains("payment of 49.00 failed", cut.Find("[data-testid=status-detail]").TextContent);
    }

    [Fact]
    public void Usage_shows_used_against_included_as_a_progress_value_and_overage_in_money()
    {
        var overview = Overview(Customer(Pro, [Open(19m, Now.AddDays(5))], [Used("REPORTS", 250), Used("EXPORTS", 120)]));

        var cut = Render<UsagePanel>(p => p.Add(c => c.Overview, overview).Add(c => c.PackUnits, 100).Add(c => c.PackPrice, 4m));

        Assert.Equal("250 of 500 used", cut.Find("[data-testid=usage-REPORTS] [data-testid=usage-text]").TextContent.Trim());
        Assert.Equal("50", cut.Find("[data-testid=usage-REPORTS] [role=progressbar]").GetAttribute("aria-valuenow"));
        Assert.Equal("100", cut.Find("[data-testid=usage-EXPORTS] [role=progressbar]").GetAttribute("aria-valuenow"));
        Assert.Equal("Overage: 20 × 0.10 = 2.00", cut.Find("[data-testid=usage-EXPORTS] [data-testid=usage-overage]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=usage-REPORTS] [data-testid=usage-overage]"));
    }

    [Fact]
    public void A_free_plan_at_its_limit_says_so_and_a_paid_report_pack_raises_the_allowance()
    {
        var atLimit = Overview(Customer(Free, [Open(0m, Now.AddDays(5))], [Used("REPORTS", 20)]));
        var cut = Render<UsagePanel>(p => p.Add(c => c.Overview, atLimit).Add(c => c.PackUnits, 100).Add(c => c.PackPrice, 4m));
        Assert.Contains("Limit reached", cut.Find("[data-testid=usage-limit]").TextContent);

        var withPack = Overview(Customer(Free, [Open(0m, Now.AddDays(5)), Paid(11, 4m, Now.AddHours(-1), Invoice.OneTimeType, "REPORT_PACK")], [Used("REPORTS", 20)]));
        cut.Render(p => p.Add(c => c.Overview, withPack));

        Assert.Equal("20 of 120 used", cut.Find("[data-testid=usage-REPORTS] [data-testid=usage-text]").TextContent.Trim());
        Assert.Contains("100 from report packs", cut.Find("[data-testid=usage-pack]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=usage-limit]"));
    }

    [Fact]
    public void A_report_pack_from_an_earlier_period_or_one_not_paid_adds_nothing()
    {
        var oldPack = Paid(3, 4m, Now.AddDays(-35), Invoice.OneTimeType, "REPORT_PACK");
        var unpaid = Declined(4, 4m, Now.AddHours(-2)) with { Type = Invoice.OneTimeType, Charges = [new Charge { Code = "REPORT_PACK", Quantity = 1, EachAmount = 4m }] };
        var customer = Customer(Free, [Open(0m, Now.AddDays(5)), unpaid, Paid(2, 0m, Now.AddDays(-25)), oldPack], [Used("REPORTS", 20)]);

        Assert.Equal(0, ReportPackCredit.UnitsFor(customer, "REPORTS", Now, new ReportPackOptions()));
    }

    [Fact]
    public void The_invoice_history_lists_each_invoice_with_status_lines_and_total()
    {
        var overview = Overview(Customer(Team,
            [Open(49m, Now.AddDays(5), new Charge { Code = "EXPORTS", Type = "item", Quantity = 10, EachAmount = 0.10m }),
             Paid(12, 4m, Now.AddDays(-3), Invoice.OneTimeType, "REPORT_PACK"),
             Declined(11, 49m, Now.AddDays(-25))]));

        var cut = Render<InvoiceHistory>(p => p.Add(c => c.Overview, overview));

        Assert.Equal(["Upcoming", "Paid", "Declined"], cut.FindAll("[data-testid=invoice-status]").Select(e => e.TextContent.Trim()));
        Assert.Equal(["50.00", "4.00", "49.00"], cut.FindAll("[data-testid=invoice-total]").Select(e => e.TextContent.Trim()));
        var upcomingLines = cut.Find("[data-testid=invoice-10]").QuerySelectorAll("[data-testid=invoice-line]").Select(r => r.TextContent).ToList();
        Assert.Contains(upcomingLines, l => l.Contains("EXPORTS overage") && l.Contains("1.00"));
    }

    [Fact]
    public void The_payment_panel_shows_the_card_and_reports_the_chosen_bill_date_and_coupon()
    {
        var overview = Overview(Customer(Team, [Open(49m, Now.AddDays(5))]));
        DateOnly? chosenDate = null;
        string? coupon = null;
        var cut = Render<PaymentPanel>(p => p.Add(c => c.Overview, overview)
            .Add(c => c.OnChangeBillDate, (DateOnly? d) => chosenDate = d)
            .Add(c => c.OnApplyCoupon, (string c) => coupon = c)
            .Add(c => c.CouponError, "Coupon not found. Nothing was changed."));

        Assert.Contains("Visa ending 4242, expires 12/2031", cut.Find("[data-testid=card-on-file]").TextContent);
        cut.Find("input[data-testid=bill-date-input]").Change("2026-12-15");
        cut.Find("[data-testid=change-bill-date]").Click();
        cut.Find("input[data-testid=coupon-input]").Change("LAUNCH20");
        cut.Find("[data-testid=apply-coupon]").Click();

        Assert.Equal(new DateOnly(2026, 12, 15), chosenDate);
        Assert.Equal("LAUNCH20", coupon);
        Assert.Contains("Coupon not found. Nothing was changed.", cut.Find("input[data-testid=coupon-input]").Closest(".mud-input-control")!.TextContent);
    }

    [Fact]
    public void The_plan_picker_marks_the_current_plan_and_offers_the_others()
    {
        var overview = Overview(Customer(Pro, [Open(19m, Now.AddDays(5))]));
        Plan? chosen = null;
        var cut = Render<PlanPicker>(p => p.Add(c => c.Overview, overview).Add(c => c.OnChoose, (Plan plan) => chosen = plan));

        Assert.Contains("Current plan", cut.Find("[data-testid=plan-PRO]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=choose-PRO]"));
        cut.Find("[data-testid=choose-TEAM]").Click();

        Assert.Equal("TEAM", chosen?.Code);
    }

    [Fact]
    public void Moving_from_free_to_pro_without_a_card_previews_the_trial_and_asks_for_a_card()
    {
        var overview = Overview(Customer(Free, [Open(0m, Now.AddDays(5))], card: false));

        var preview = PlanChangePreview.For(overview, Pro);

        Assert.True(preview.NeedsCard);
        Assert.Equal("Nothing is charged today: your 14-day trial starts now. 19.00 is charged on 10 Dec 2026, then every month.", preview.ChargeSummary);
        Assert.Null(preview.QuotaWarning);
    }

    [Fact]
    public void Moving_to_free_above_its_quota_explains_that_reports_lock_until_the_reset_and_exports_go()
    {
        var overview = Overview(Customer(Pro, [Open(19m, Now.AddDays(5))], [Used("REPORTS", 150), Used("EXPORTS", 3)]));

        var preview = PlanChangePreview.For(overview, Free);

        Assert.False(preview.NeedsCard);
        Assert.StartsWith("Nothing is charged.", preview.ChargeSummary);
        Assert.Contains("You have used 150 reports this period and Free includes 20: new reports stay locked until when your usage resets on 1 Dec 2026", preview.QuotaWarning);
        Assert.Contains("Exports are not part of Free", preview.QuotaWarning);
    }

    [Fact]
    public void The_plan_change_dialog_shows_a_refusal_next_to_the_card_number_and_stays_open()
    {
        var overview = Overview(Customer(Free, [Open(0m, Now.AddDays(5))], card: false));
        var preview = PlanChangePreview.For(overview, Team);
        CardForm? submitted = null;
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();

        _ = provider.InvokeAsync(() => dialogs.ShowAsync<PlanChangeDialog>("Change plan", new DialogParameters<PlanChangeDialog>
        {
            { d => d.Preview, preview },
            { d => d.Submit, card => { submitted = card; return Task.FromResult(AccountActionResult.Failure("Your card was declined: The transaction was declined.", AccountField.CardNumber)); } },
        }));

        provider.WaitForElement("[data-testid=charge-summary]");
        Assert.Contains("49.00 is charged now", provider.Find("[data-testid=charge-summary]").TextContent);
        provider.Find("input[data-testid=card-number]").Change("4111 1111 1111 1111");
        provider.Find("[data-testid=confirm-plan-change]").Click();

        provider.WaitForAssertion(() => Assert.Contains("Your card was declined", provider.Find("input[data-testid=card-number]").Closest(".mud-input-control")!.TextContent));
        Assert.Equal("4111 1111 1111 1111", submitted?.Number);
        Assert.NotEmpty(provider.FindAll("[data-testid=confirm-plan-change]"));
    }

    [Fact]
    public void The_plan_change_dialog_refuses_a_paid_plan_with_empty_card_fields_without_calling_cheddar()
    {
        var overview = Overview(Customer(Free, [Open(0m, Now.AddDays(5))], card: false));
        var preview = PlanChangePreview.For(overview, Pro);
        var submits = 0;
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();

        _ = provider.InvokeAsync(() => dialogs.ShowAsync<PlanChangeDialog>("Change plan", new DialogParameters<PlanChangeDialog>
        {
            { d => d.Preview, preview },
            { d => d.Submit, _ => { submits++; return Task.FromResult(AccountActionResult.Success("changed", overview)); } },
        }));

        provider.WaitForElement("[data-testid=card-fields]");
        provider.Find("[data-testid=confirm-plan-change]").Click();

        provider.WaitForAssertion(() => Assert.Contains("Pro needs a card on file: enter your card to switch.",
            provider.Find("input[data-testid=card-number]").Closest(".mud-input-control")!.TextContent));
        Assert.Equal(0, submits);
        Assert.NotEmpty(provider.FindAll("[data-testid=confirm-plan-change]"));
    }

    [Fact]
    public void Downgrading_in_overage_previews_the_overage_billed_at_the_change()
    {
        var overview = Overview(Customer(Pro, [Open(19m, Now.AddDays(5), new Charge { Code = "REPORTS", Type = "item", Quantity = 100, EachAmount = 0.05m })],
            [Used("REPORTS", 600)]));

        var preview = PlanChangePreview.For(overview, Free);

        Assert.Equal(5.00m, preview.Overage.Total);
        Assert.StartsWith("5.00 of Pro overage used this period (100 reports at 0.05) is billed now, with the change, to your Visa ending 4242", preview.OverageSummary);
    }

    [Theory]
    [InlineData("'4111111111111112' seems to contain an invalid checksum: ccNumber", "'…1112' seems to contain an invalid checksum: ccNumber")]
    [InlineData("'4111 1111-1111 1112' is not from an allowed institute", "'…1112' is not from an allowed institute")]
    [InlineData("'12' is less than 3 characters long: subscription[ccCardCode]", "'…' is less than 3 characters long: subscription[ccCardCode]")]
    [InlineData("Customer not found (code=42)", "Customer not found (code=42)")]
    public void Cheddar_messages_never_carry_a_card_number_to_the_page_or_the_log(string message, string shown)
    {
        Assert.Equal(shown, DemoSaaS.Web.Features.Billing.Cards.CheddarErrorText.WithoutCardNumbers(message));
    }

    [Fact]
    public void Billing_events_are_listed_newest_first_as_given()
    {
        var overview = Overview(Customer(Team, [Open(49m, Now.AddDays(5))]),
            [new BillingEventLine { ActivityType = "transaction", Summary = "Payment of 49.00 approved (invoice 3)", At = Now },
             new BillingEventLine { ActivityType = "subscriptionChanged", Summary = "Plan changed from Pro to Team", At = Now.AddDays(-1) }]);

        var cut = Render<BillingEventsPanel>(p => p.Add(c => c.Overview, overview));

        var events = cut.FindAll("[data-testid=billing-event]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(2, events.Count);
        Assert.Contains("Payment of 49.00 approved (invoice 3)", events[0]);
        Assert.Contains("Plan changed from Pro to Team", events[1]);
    }
}
