using DemoSaaS.Cheddar.Tests.Fixtures;
using DemoSaaS.Cheddar.Xml;

namespace DemoSaaS.Cheddar.Tests.Xml;

public sealed class CheddarXmlReaderTests
{
    private static readonly DateTimeOffset Nov26 = new(2026, 11, 26, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Plans_with_tracked_items_read_prices_cadence_trial_and_included_quantities()
    {
        var plans = CheddarXmlReader.Read(FixtureFiles.Open("plans-with-items.xml")).Plans;

        Assert.Equal(["FREE", "PRO"], plans.Select(p => p.Code));
        var free = plans[0];
        Assert.True(free.IsFree);
        Assert.False(free.PaymentMethodIsRequired);
        Assert.Equal(20m, Assert.Single(free.Items).QuantityIncluded);
        Assert.Null(free.SetupChargeCode);

        var pro = plans[1];
        Assert.Equal("Pro • 19.00 / Month", pro.DisplayName);
        Assert.Equal(19.00m, pro.RecurringChargeAmount);
        Assert.Equal(14, pro.TrialDays);
        Assert.Equal((14, "days"), (pro.InitialBillCount, pro.InitialBillCountUnit));
        Assert.Equal(("monthly", "month", "months", 1), (pro.BillingFrequency, pro.BillingFrequencyPer, pro.BillingFrequencyUnit, pro.BillingFrequencyQuantity));
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 12, 36, 2, TimeSpan.FromHours(-4)), pro.InitialInvoiceBillingDatetime);
        Assert.Equal("now", pro.OnChangeInitialBillHandler);
        var exports = pro.FindItem("EXPORTS")!;
        Assert.Equal((100m, 0.10m, true), (exports.QuantityIncluded, exports.OverageAmount, exports.IsPeriodic));
        Assert.Null(pro.FindItem("UNKNOWN"));
    }

    [Fact]
    public void Plans_in_the_2011_shape_read_without_the_newer_fields()
    {
        var plan = Assert.Single(CheddarXmlReader.Read(FixtureFiles.Open("plans-2011.xml")).Plans);

        Assert.Equal("PAID_ANNUAL", plan.Code);
        Assert.Null(plan.DisplayName);
        Assert.Null(plan.PaymentMethodIsRequired);
        Assert.Null(plan.InitialInvoiceBillingDatetime);
        Assert.Equal(("annually", 12), (plan.BillingFrequency, plan.BillingFrequencyQuantity));
        Assert.Equal(("ANNUAL_SETUP", 5.00m), (plan.SetupChargeCode, plan.SetupChargeAmount));
        Assert.Empty(plan.Items);
    }

    [Fact]
    public void Customer_reads_metadata_subscription_history_card_items_invoices_and_transactions()
    {
        var customer = Assert.Single(CheddarXmlReader.Read(FixtureFiles.Open("customer-pro-with-history.xml")).Customers);

        Assert.Equal(("acme-42", "Ada", "Acme Analytics"), (customer.Code, customer.FirstName, customer.Company));
        Assert.Null(customer.Notes);
        Assert.Equal("3e1c70aba1", customer.Key);
        Assert.Equal("42", customer.FindMetaData("userId"));
        Assert.Equal(2, customer.Subscriptions.Count);

        var current = customer.CurrentSubscription!;
        Assert.Equal("PRO", current.Plan.Code);
        Assert.Equal(("visa", "1111"), (current.CcType, current.CcLastFour));
        Assert.Equal(new DateTimeOffset(2028, 12, 31, 0, 0, 0, TimeSpan.Zero), current.CcExpirationDate);
        Assert.Equal("cc", current.GatewayAccount!.Type);
        Assert.Null(current.CancelType);
        Assert.Equal(512.5m, current.Items.Single(i => i.Code == "REPORTS").Quantity);

        var upcoming = current.CurrentInvoice!;
        Assert.Equal((12, "subscription", false), (upcoming.Number, upcoming.Type, upcoming.IsPaid));
        Assert.Null(upcoming.Charges[0].Id);
        Assert.Equal("7f1e2d3c-0000-4a5b-8c9d-000000000050", upcoming.Charges[2].Id);
        Assert.Equal(19.00m + 0.625m - 5.00m, upcoming.Total);

        var oneTime = current.Invoices[1];
        Assert.Equal((0.2m, true), (oneTime.VatRate, oneTime.IsPaid));
        var transaction = Assert.Single(oneTime.Transactions);
        Assert.Equal((20.00m, true), (transaction.Amount, transaction.IsApproved));
        Assert.Equal("Simulator", transaction.GatewayAccount!.Gateway);

        var old = customer.Subscriptions[1];
        Assert.Equal(("FREE", "customer"), (old.Plan.Code, old.CancelType));
        Assert.Null(old.CcExpirationDate);
    }

    [Fact]
    public void Derived_state_follows_cheddars_rules_for_active_trial_past_due_and_usage()
    {
        var customer = Assert.Single(CheddarXmlReader.Read(FixtureFiles.Open("customer-pro-with-history.xml")).Customers);
        var current = customer.CurrentSubscription!;

        Assert.True(customer.IsActive(Nov26));
        Assert.False(customer.Subscriptions[1].IsActive(Nov26));
        // A paid one-time invoice exists, so this is not a trial even though the first bill is in the future.
        Assert.False(current.IsInTrial(Nov26));
        Assert.False(current.IsPastDue(Nov26));
        Assert.True(current.IsPastDue(new DateTimeOffset(2026, 12, 11, 0, 0, 0, TimeSpan.Zero)));

        var reports = current.FindUsage("REPORTS")!;
        Assert.Equal((512.5m, 500m, 0m, 12.5m), (reports.Used, reports.Included, reports.Remaining, reports.OverageQuantity));
        Assert.Equal(0.625m, reports.OverageCost);
        var exports = current.FindUsage("EXPORTS")!;
        Assert.Equal((0m, 100m), (exports.Used, exports.Remaining));
    }

    [Fact]
    public void Free_customer_in_the_2011_shape_reads_without_key_cancel_fields_or_items()
    {
        var customer = Assert.Single(CheddarXmlReader.Read(FixtureFiles.Open("customer-2011-free.xml")).Customers);

        Assert.Null(customer.Key);
        Assert.Empty(customer.MetaData);
        var subscription = customer.CurrentSubscription!;
        Assert.Equal("FREE_MONTHLY", subscription.Plan.Code);
        Assert.Null(subscription.CancelType);
        Assert.Null(subscription.GatewayAccount);
        Assert.Empty(subscription.Items);
        Assert.True(subscription.IsActive(new DateTimeOffset(2011, 1, 20, 0, 0, 0, TimeSpan.Zero)));
        Assert.False(subscription.IsInTrial(new DateTimeOffset(2011, 1, 20, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(1, subscription.CurrentInvoice!.Number);
    }

    [Fact]
    public void Embedded_errors_are_read_alongside_the_customer()
    {
        var document = CheddarXmlReader.Read(FixtureFiles.Open("customer-embedded-decline.xml"));

        var error = Assert.Single(document.Errors);
        Assert.Equal((422, "1235", "6000", "The transaction was declined"), (error.Code, error.Id, error.AuxCode, error.Message));
        var customer = Assert.Single(document.Customers);
        Assert.Equal("declined-upgrade", customer.Code);
        Assert.Equal("declined", customer.CurrentSubscription!.CurrentInvoice!.Transactions[0].Response);
    }

    [Fact]
    public void Promotions_read_incentives_plans_and_coupons()
    {
        var promotion = Assert.Single(CheddarXmlReader.Read(FixtureFiles.Open("promotions.xml")).Promotions);

        Assert.Equal(["PRO", "TEAM"], promotion.Plans.Select(p => p.Code));
        var incentive = Assert.Single(promotion.Incentives);
        Assert.Equal(("percentage", 20m, 3), (incentive.Type, incentive.Percentage, incentive.Months));
        var launch = promotion.Coupons[0];
        Assert.Equal(("LAUNCH20", 0, null), (launch.Code, launch.MaxRedemptions, launch.ExpirationDatetime));
        Assert.False(launch.IsExpired(Nov26));
        Assert.True(promotion.Coupons[1].IsExpired(Nov26));
    }

    [Fact]
    public void Error_documents_read_code_id_aux_code_and_trimmed_message()
    {
        var noProduct = Assert.Single(CheddarXmlReader.Read(FixtureFiles.Open("error-no-product.xml")).Errors);
        Assert.Equal((400, "149947", null, "No product selected. Need a productId or productCode."),
            (noProduct.Code, noProduct.Id, noProduct.AuxCode, noProduct.Message));

        var validation = Assert.Single(CheddarXmlReader.Read(FixtureFiles.Open("error-validation.xml")).Errors);
        Assert.Equal(("subscription[ccNumber]:isEmpty", "A value is required: subscription[ccNumber]"), (validation.AuxCode, validation.Message));
    }

    [Fact]
    public void Documents_with_a_dtd_are_refused()
    {
        const string xml = """<?xml version="1.0"?><!DOCTYPE plans [<!ENTITY x "boom">]><plans>&x;</plans>""";
        Assert.ThrowsAny<System.Xml.XmlException>(() => CheddarXmlReader.Read(xml));
    }

    [Fact]
    public void Garbled_values_are_reported_not_guessed()
    {
        const string xml = """<plans><plan id="1" code="X"><recurringChargeAmount>nineteen</recurringChargeAmount></plan></plans>""";
        var error = Assert.Throws<FormatException>(() => CheddarXmlReader.Read(xml));
        Assert.Contains("recurringChargeAmount", error.Message);
    }
}
