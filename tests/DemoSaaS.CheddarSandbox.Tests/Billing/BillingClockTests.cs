using System.Globalization;
using System.Net;
using System.Xml.Linq;

namespace DemoSaaS.CheddarSandbox.Tests.Billing;

/// <summary>The billing engine driven by the sandbox clock: trial end, renewal, overage, discounts, decline, dunning, cancel.</summary>
public sealed class BillingClockTests(BillingSandbox sandbox) : IClassFixture<BillingSandbox>
{
    private CheddarHttp Cheddar => sandbox.Cheddar;

    private static string Code() => "b-" + Guid.NewGuid().ToString("N")[..12];

    private static IEnumerable<XElement> Transactions(XElement invoice) =>
        invoice.Element("transactions")?.Elements("transaction") ?? [];

    private static string Value(XElement element, string name) => element.Element(name)!.Value;

    [Fact]
    public async Task Pro_trial_ends_after_14_days_with_the_plan_price_plus_overage_and_usage_resets()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "PRO");
        await Cheddar.PostAsync($"/xml/customers/set-item-quantity/{CheddarHttp.Product}/code/{code}/itemCode/REPORTS", ("quantity", "510"));
        await Cheddar.PostAsync($"/xml/customers/set-item-quantity/{CheddarHttp.Product}/code/{code}/itemCode/EXPORTS", ("quantity", "105"));
        var trialInvoice = (await Cheddar.CustomerAsync(code)).Subscription().Invoice();

        await sandbox.AdvanceDaysAsync(13);
        Assert.Empty(Transactions((await Cheddar.CustomerAsync(code)).Subscription().Invoice()));
        await sandbox.AdvanceDaysAsync(1.01);

        var customer = await Cheddar.CustomerAsync(code);
        var subscription = customer.Subscription();
        var next = subscription.Invoice(0);
        var billed = subscription.Invoice(1);
        Assert.Equal(Value(trialInvoice, "number"), Value(billed, "number"));
        Assert.Equal(["PRO_RECURRING", "REPORTS", "EXPORTS"], billed.Charges().Select(c => c.Attribute("code")!.Value));
        Assert.Equal(["1", "10", "5"], billed.Charges().Select(c => Value(c, "quantity")));
        var transaction = Assert.Single(Transactions(billed));
        Assert.Equal(("20.00", "approved", "SIMULATED approved payment"), (Value(transaction, "amount"), Value(transaction, "response"), Value(transaction, "memo")));
        Assert.Equal(transaction.Attribute("id")!.Value, Value(billed, "paidTransactionId"));
        Assert.Equal(Value(billed, "billingDatetime"), Value(transaction, "transactedDatetime"));

        Assert.Equal(DateTimeOffset.Parse(Value(billed, "billingDatetime")).AddMonths(1), DateTimeOffset.Parse(Value(next, "billingDatetime")));
        Assert.Equal("", Value(next, "paidTransactionId"));
        Assert.Equal("0", customer.ItemQuantity("REPORTS"));
        Assert.Equal("0", customer.ItemQuantity("EXPORTS"));

        var events = await sandbox.WaitForEventsAsync(code, 2);
        Assert.Equal(["newSubscription", "transaction"], events.Select(e => e.GetProperty("activityType").GetString()).Order());
        var paid = events.Single(e => e.GetProperty("activityType").GetString() == "transaction").GetProperty("subscription").GetProperty("invoice");
        Assert.Equal("20.00", paid.GetProperty("transaction").GetProperty("amount").GetString());
        Assert.Equal("approved", paid.GetProperty("transaction").GetProperty("response").GetString());

        // Renewal a month later: plan price only.
        await sandbox.AdvanceDaysAsync(31);
        var renewed = (await Cheddar.CustomerAsync(code)).Subscription();
        var renewal = Assert.Single(Transactions(renewed.Invoice(1)));
        Assert.Equal("19.00", Value(renewal, "amount"));
    }

    [Fact]
    public async Task Delayed_decline_card_goes_through_dunning_then_cancels_as_declined()
    {
        var code = Code();
        var signup = await Cheddar.NewCustomerAsync(code, "PRO", ("subscription[ccZip]", "16000"));
        Assert.Equal(HttpStatusCode.OK, signup.Status);

        await sandbox.AdvanceDaysAsync(14.01);
        var subscription = (await Cheddar.CustomerAsync(code)).Subscription();
        var outstanding = subscription.Invoice(1);
        var first = Assert.Single(Transactions(outstanding));
        Assert.Equal(("declined", "The transaction was declined"), (Value(first, "response"), Value(first, "responseReason")));
        Assert.Equal("", Value(outstanding, "paidTransactionId"));
        Assert.Equal("", Value(subscription, "canceledDatetime"));

        await sandbox.AdvanceDaysAsync(3);
        Assert.Equal(2, Transactions((await Cheddar.CustomerAsync(code)).Subscription().Invoice(1)).Count());
        await sandbox.AdvanceDaysAsync(2);
        Assert.Equal(3, Transactions((await Cheddar.CustomerAsync(code)).Subscription().Invoice(1)).Count());
        Assert.Equal("", Value((await Cheddar.CustomerAsync(code)).Subscription(), "canceledDatetime"));
        await sandbox.AdvanceDaysAsync(2);

        subscription = (await Cheddar.CustomerAsync(code)).Subscription();
        Assert.Equal("declined", Value(subscription, "cancelType"));
        Assert.NotEqual("", Value(subscription, "canceledDatetime"));
        var invoices = subscription.Element("invoices")!.Elements("invoice").ToList();
        var unpaid = Assert.Single(invoices);
        Assert.Equal(4, Transactions(unpaid).Count());
        Assert.All(Transactions(unpaid), t => Assert.Equal("declined", Value(t, "response")));

        var events = await sandbox.WaitForEventsAsync(code, 6);
        Assert.Equal(["newSubscription", "subscriptionCanceled", "transaction", "transaction", "transaction", "transaction"],
            events.Select(e => e.GetProperty("activityType").GetString()).Order());
        Assert.Equal("declined", events.Single(e => e.GetProperty("activityType").GetString() == "subscriptionCanceled")
            .GetProperty("subscription").GetProperty("cancelType").GetString());
        Assert.All(events.Where(e => e.GetProperty("activityType").GetString() == "transaction"),
            e => Assert.Equal("declined", e.GetProperty("subscription").GetProperty("invoice").GetProperty("transaction").GetProperty("response").GetString()));

        var canceled = await Cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}/subscriptionStatus/canceledOnly/search/{code}");
        Assert.Equal(code, Assert.Single(canceled.Root.Elements("customer")).Attribute("code")!.Value);
    }

    [Fact]
    public async Task Dunning_recovers_when_the_customer_fixes_the_card_and_runs_the_outstanding_invoice()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "PRO", ("subscription[ccZip]", "16001"));
        await sandbox.AdvanceDaysAsync(14.01);
        var declined = Transactions((await Cheddar.CustomerAsync(code)).Subscription().Invoice(1)).Single();
        Assert.Equal("The transaction was declined due to AVS mismatch", Value(declined, "responseReason"));

        var fixedCard = await Cheddar.PostAsync($"/xml/customers/edit-subscription/{CheddarHttp.Product}/code/{code}",
            ("ccNumber", "5424000000000015"), ("ccExpiration", $"01/{DateTime.UtcNow.Year + 3}"), ("ccCardCode", "321"), ("ccZip", "10001"));
        Assert.Equal(HttpStatusCode.OK, fixedCard.Status);
        var run = await Cheddar.PostAsync($"/xml/customers/run-outstanding/{CheddarHttp.Product}/code/{code}");
        Assert.Equal(HttpStatusCode.OK, run.Status);
        var invoice = run.Customer.Subscription().Invoice(1);
        Assert.Equal("approved", Value(Transactions(invoice).Last(), "response"));
        Assert.Equal(Transactions(invoice).Last().Attribute("id")!.Value, Value(invoice, "paidTransactionId"));

        // No further retries of a paid invoice.
        await sandbox.AdvanceDaysAsync(8);
        Assert.Equal(2, Transactions((await Cheddar.CustomerAsync(code)).Subscription().Invoice(1)).Count());
        Assert.Equal("", Value((await Cheddar.CustomerAsync(code)).Subscription(), "canceledDatetime"));
    }

    [Fact]
    public async Task Pro_trial_without_a_card_is_canceled_at_its_bill_date()
    {
        var code = Code();
        await Cheddar.PostAsync($"/xml/customers/new/{CheddarHttp.Product}",
            ("code", code), ("firstName", "No"), ("lastName", "Card"), ("email", "nocard@example.com"), ("subscription[planCode]", "PRO"));
        await sandbox.AdvanceDaysAsync(14.01);
        var subscription = (await Cheddar.CustomerAsync(code)).Subscription();
        Assert.Equal(("declined", "No payment method on file at the bill date"), (Value(subscription, "cancelType"), Value(subscription, "cancelReason")));
        var outstanding = Assert.Single(subscription.Element("invoices")!.Elements("invoice"));
        Assert.Equal("", Value(outstanding, "paidTransactionId"));
    }

    [Fact]
    public async Task Free_plan_resets_its_20_reports_every_month_with_a_zero_amount_approved_invoice()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "FREE");
        var path = $"/xml/customers/add-item-quantity/{CheddarHttp.Product}/code/{code}/itemCode/REPORTS";
        Assert.Equal(HttpStatusCode.OK, (await Cheddar.PostAsync(path, ("quantity", "20"))).Status);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Cheddar.PostAsync(path)).Status);

        await sandbox.AdvanceDaysAsync(31.01);
        var after = await Cheddar.PostAsync(path);
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal("1", after.Customer.ItemQuantity("REPORTS"));
        var billed = after.Customer.Subscription().Invoice(1);
        Assert.Equal(["FREE_RECURRING"], billed.Charges().Select(c => c.Attribute("code")!.Value));
        var zero = Assert.Single(Transactions(billed));
        Assert.Equal(("0.00", "approved"), (Value(zero, "amount"), Value(zero, "response")));
    }

    [Fact]
    public async Task Launch20_takes_20_percent_off_the_plan_price_for_three_billed_months()
    {
        var code = Code();
        var signup = await Cheddar.NewCustomerAsync(code, "TEAM", ("subscription[couponCode]", "LAUNCH20"));
        Assert.Equal(HttpStatusCode.OK, signup.Status);
        Assert.Equal("LAUNCH20", Value(signup.Customer.Subscription(), "couponCode"));
        var firstPaid = signup.Customer.Subscription().Invoice(1);
        var discount = firstPaid.Charges().Single(c => Value(c, "type") == "discount");
        Assert.Equal(("LAUNCH20", "-9.80"), (discount.Attribute("code")!.Value, Value(discount, "eachAmount")));
        Assert.Equal("39.20", Value(Transactions(firstPaid).Single(), "amount"));

        await sandbox.AdvanceDaysAsync(31.01);
        await sandbox.AdvanceDaysAsync(31.01);
        await sandbox.AdvanceDaysAsync(31.01);
        var subscription = (await Cheddar.CustomerAsync(code)).Subscription();
        var amounts = subscription.Element("invoices")!.Elements("invoice").Skip(1)
            .Select(i => Value(Transactions(i).Single(), "amount")).Reverse().ToList();
        Assert.Equal(["39.20", "39.20", "39.20", "49.00"], amounts);
    }

    [Fact]
    public async Task Change_bill_date_now_bills_the_trial_at_once_and_reanchors_the_cycle()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "PRO");
        var reply = await Cheddar.PostAsync($"/xml/customers/edit-subscription/{CheddarHttp.Product}/code/{code}", ("changeBillDate", "now"));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var subscription = reply.Customer.Subscription();
        var billed = subscription.Invoice(1);
        Assert.Equal("19.00", Value(Transactions(billed).Single(), "amount"));
        Assert.Equal(DateTimeOffset.Parse(Value(billed, "billingDatetime")).AddMonths(1), DateTimeOffset.Parse(Value(subscription.Invoice(0), "billingDatetime")));

        var future = DateTimeOffset.Parse(Value(subscription.Invoice(0), "billingDatetime")).AddDays(10);
        var moved = await Cheddar.PostAsync($"/xml/customers/edit-subscription/{CheddarHttp.Product}/code/{code}", ("changeBillDate", future.ToString("yyyy-MM-dd")));
        var anchor = new DateTimeOffset(future.Date, TimeSpan.Zero);
        Assert.Equal(anchor, DateTimeOffset.Parse(Value(moved.Customer.Subscription().Invoice(0), "billingDatetime")));
        Assert.Equal(anchor.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'"), Value(moved.Customer.Subscription().Invoice(0).Charges().First(), "createdDatetime"));
    }

    [Fact]
    public async Task Change_bill_date_now_with_a_delayed_decline_card_answers_an_embedded_422()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "PRO", ("subscription[ccZip]", "16000"));
        var reply = await Cheddar.PostAsync($"/xml/customers/edit/{CheddarHttp.Product}/code/{code}", ("subscription[changeBillDate]", "now"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal(["errors", "customer"], reply.Root.ChildNames());
        reply.ShouldBeError(422, "The transaction was declined", "6000");
        Assert.Equal("declined", Value(Transactions(reply.Customer.Subscription().Invoice(1)).Single(), "response"));
    }

    [Fact]
    public async Task Outstanding_invoice_can_be_adjusted_and_a_credit_to_zero_reactivates_a_declined_subscription()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "PRO", ("subscription[ccZip]", "16000"));
        await Cheddar.PostAsync($"/xml/customers/set-item-quantity/{CheddarHttp.Product}/code/{code}/itemCode/REPORTS", ("quantity", "520"));
        await sandbox.AdvanceDaysAsync(21.01);
        var canceled = (await Cheddar.CustomerAsync(code)).Subscription();
        Assert.Equal("declined", Value(canceled, "cancelType"));
        Assert.Equal("20", Value(canceled.Invoice().Charges().Single(c => c.Attribute("code")!.Value == "REPORTS"), "quantity"));

        var adjusted = await Cheddar.PostAsync($"/xml/customers/set-item-quantity/{CheddarHttp.Product}/code/{code}/itemCode/REPORTS",
            ("quantity", "500"), ("invoicePeriod", "outstanding"));
        Assert.Equal(HttpStatusCode.OK, adjusted.Status);
        Assert.DoesNotContain(adjusted.Customer.Subscription().Invoice().Charges(), c => c.Attribute("code")!.Value == "REPORTS");

        var credited = await Cheddar.PostAsync($"/xml/customers/add-charge/{CheddarHttp.Product}/code/{code}",
            ("chargeCode", "GOODWILL"), ("quantity", "1"), ("eachAmount", "-19.00"), ("invoicePeriod", "outstanding"));
        Assert.Equal(HttpStatusCode.OK, credited.Status);
        (await Cheddar.PostAsync($"/xml/customers/add-charge/{CheddarHttp.Product}/code/{code}", ("chargeCode", "X"), ("quantity", "1"), ("eachAmount", "1.00")))
            .ShouldBeError(400, "The subscription is canceled and has no current invoice; use invoicePeriod=outstanding");

        var run = await Cheddar.PostAsync($"/xml/customers/run-outstanding/{CheddarHttp.Product}/code/{code}");
        Assert.Equal(HttpStatusCode.OK, run.Status);
        var reactivated = run.Customer.Subscription();
        Assert.Equal(("", ""), (Value(reactivated, "canceledDatetime"), Value(reactivated, "cancelType")));
        var paid = reactivated.Invoice(1);
        var zero = Transactions(paid).Last();
        Assert.Equal(("0.00", "approved"), (Value(zero, "amount"), Value(zero, "response")));
        Assert.True(DateTimeOffset.Parse(Value(reactivated.Invoice(0), "billingDatetime")) > DateTimeOffset.Parse(Value(paid, "billingDatetime")));
        var events = await sandbox.WaitForEventsAsync(code, 7);
        Assert.Contains(events, e => e.GetProperty("activityType").GetString() == "subscriptionReactivated");
    }

    [Fact]
    public async Task Card_that_expires_before_the_renewal_is_declined_through_dunning_and_canceled_as_expired()
    {
        var now = DateTimeOffset.Parse((await sandbox.Control.GetJsonAsync("/sandbox/clock")).GetProperty("now").GetString()!);
        var code = Code();
        // Valid through the end of the sandbox's current month: good for TEAM's signup charge, gone by the renewal.
        var signup = await Cheddar.NewCustomerAsync(code, "TEAM", ("subscription[ccExpiration]", now.ToString("MM/yyyy")));
        Assert.Equal(HttpStatusCode.OK, signup.Status);
        await sandbox.AdvanceDaysAsync(31 + 7.01);
        var subscription = (await Cheddar.CustomerAsync(code)).Subscription();
        Assert.Equal("expired", Value(subscription, "cancelType"));
        var outstanding = Assert.Single(subscription.Element("invoices")!.Elements("invoice"), i => Value(i, "paidTransactionId") == "");
        Assert.All(Transactions(outstanding), t => Assert.Equal("Expiration date is invalid", Value(t, "responseReason")));
    }

    [Fact]
    public async Task A_card_is_good_through_the_last_day_of_its_expiry_month()
    {
        var now = DateTimeOffset.Parse((await sandbox.Control.GetJsonAsync("/sandbox/clock")).GetProperty("now").GetString()!);
        var lastDay = new DateTimeOffset(now.Year, now.Month, DateTime.DaysInMonth(now.Year, now.Month), 12, 0, 0, TimeSpan.Zero);
        if (lastDay <= now)
        {
            var next = now.AddMonths(1);
            lastDay = new DateTimeOffset(next.Year, next.Month, DateTime.DaysInMonth(next.Year, next.Month), 12, 0, 0, TimeSpan.Zero);
        }
        // Noon on the last day of the month the card expires in: Cheddar shows that day at midnight, yet the card is good.
        await sandbox.AdvanceDaysAsync((lastDay - now).TotalDays);

        var signup = await Cheddar.NewCustomerAsync(Code(), "TEAM", ("subscription[ccExpiration]", lastDay.ToString("MM/yyyy", CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.OK, signup.Status);
    }

    [Fact]
    public async Task Change_bill_date_in_the_past_bills_once_now_and_the_next_bill_is_a_month_away()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "PRO");
        var reply = await Cheddar.PostAsync($"/xml/customers/edit-subscription/{CheddarHttp.Product}/code/{code}", ("changeBillDate", "2001-01-01"));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        await sandbox.AdvanceDaysAsync(1);
        var subscription = (await Cheddar.CustomerAsync(code)).Subscription();
        var invoices = subscription.Element("invoices")!.Elements("invoice").ToList();
        Assert.Equal(2, invoices.Count);
        Assert.Single(Transactions(invoices[1]));
        var billed = DateTimeOffset.Parse(Value(invoices[1], "billingDatetime"));
        Assert.Equal(billed.AddMonths(1), DateTimeOffset.Parse(Value(invoices[0], "billingDatetime")));
    }
}
