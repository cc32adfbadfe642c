using System.Net;
using System.Xml.Linq;
using DemoSaaS.CheddarSandbox.Tests.Billing;

namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>
/// The plan rules that hold at Cheddar whoever makes the change: a paid plan is never held without the card it needs,
/// one trial per customer, and a plan change or cancel bills the overage used so far instead of dropping it.
/// </summary>
public sealed class PlanChangeRulesTests(BillingSandbox sandbox) : IClassFixture<BillingSandbox>
{
    private CheddarHttp Cheddar => sandbox.Cheddar;

    private static string Code() => "rules-" + Guid.NewGuid().ToString("N")[..12];

    private static string Path(string action, string code) => $"/xml/customers/{action}/{CheddarHttp.Product}/code/{code}";

    private static string Value(XElement element, string name) => element.Element(name)!.Value;

    private static string PlanOf(XElement subscription) => subscription.Element("plans")!.Element("plan")!.Attribute("code")!.Value;

    private static (string, string)[] Card(string prefix = "") =>
    [
        (prefix + "ccFirstName", "Ada"), (prefix + "ccLastName", "Lovelace"), (prefix + "ccZip", "90210"),
        (prefix + "ccNumber", "4111111111111111"), (prefix + "ccExpiration", $"12/{DateTime.UtcNow.Year + 2}"), (prefix + "ccCardCode", "123"),
    ];

    private Task<CheddarReply> AddAsync(string code, string item, int quantity) =>
        Cheddar.PostAsync($"/xml/customers/add-item-quantity/{CheddarHttp.Product}/code/{code}/itemCode/{item}", ("quantity", quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static IReadOnlyList<XElement> OneTimeInvoices(XElement subscription) =>
        subscription.Element("invoices")!.Elements("invoice").Where(i => Value(i, "type") == "one-time").ToList();

    [Fact]
    public async Task A_change_to_a_paid_plan_without_a_card_where_one_is_needed_is_refused_like_a_signup_and_changes_nothing()
    {
        // PRO's trial may start without a card (paymentMethodIsRequired 0), but only once: after FREE -> PRO -> FREE the
        // next PRO bills at once, so it needs a card like TEAM (paymentMethodIsRequired 1) always does.
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "FREE");
        Assert.Equal(HttpStatusCode.OK, (await Cheddar.PostAsync(Path("edit-subscription", code), ("planCode", "PRO"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await Cheddar.PostAsync(Path("edit-subscription", code), ("planCode", "FREE"))).Status);
        var before = (await Cheddar.CustomerAsync(code)).ToString();

        (await Cheddar.PostAsync(Path("edit-subscription", code), ("planCode", "PRO")))
            .ShouldBeError(412, "A value is required: ccFirstName", "ccFirstName:isEmpty");
        (await Cheddar.PostAsync(Path("edit-subscription", code), ("planCode", "TEAM")))
            .ShouldBeError(412, "A value is required: ccFirstName", "ccFirstName:isEmpty");
        (await Cheddar.PostAsync(Path("edit", code), ("subscription[planCode]", "PRO"),
                ("subscription[ccFirstName]", "Ada"), ("subscription[ccLastName]", "Lovelace"), ("subscription[ccZip]", "90210")))
            .ShouldBeError(412, "A value is required: subscription[ccNumber]", "subscription[ccNumber]:isEmpty");

        Assert.Equal(before, (await Cheddar.CustomerAsync(code)).ToString());
    }

    [Fact]
    public async Task One_trial_per_customer_free_pro_free_pro_bills_the_second_pro_at_once()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "FREE");
        var first = await Cheddar.PostAsync(Path("edit-subscription", code), [("planCode", "PRO"), .. Card()]);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var trial = first.Customer.Subscription();
        var trialDays = (DateTimeOffset.Parse(Value(trial.Invoice(), "billingDatetime")) - DateTimeOffset.Parse(Value(trial, "createdDatetime"))).TotalDays;
        Assert.Equal(14, Math.Round(trialDays));

        Assert.Equal(HttpStatusCode.OK, (await Cheddar.PostAsync(Path("edit-subscription", code), ("planCode", "FREE"))).Status);
        var again = await Cheddar.PostAsync(Path("edit-subscription", code), ("planCode", "PRO"));

        Assert.Equal(HttpStatusCode.OK, again.Status);
        var pro = again.Customer.Subscription();
        Assert.Equal("PRO", PlanOf(pro));
        var paid = pro.Invoice(1);
        Assert.Equal("19.00", Value(paid.Element("transactions")!.Element("transaction")!, "amount"));
        Assert.NotEqual("", Value(paid, "paidTransactionId"));
        var nextBill = DateTimeOffset.Parse(Value(pro.Invoice(), "billingDatetime"));
        Assert.True(nextBill - DateTimeOffset.Parse(Value(pro, "createdDatetime")) > TimeSpan.FromDays(27), $"no second trial: next bill {nextBill}");
    }

    [Fact]
    public async Task A_downgrade_bills_the_overage_used_so_far_and_keeps_the_quantities()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "PRO");
        await AddAsync(code, "REPORTS", 600);
        await AddAsync(code, "EXPORTS", 130);

        var reply = await Cheddar.PostAsync(Path("edit-subscription", code), ("planCode", "FREE"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("FREE", PlanOf(reply.Customer.Subscription()));
        Assert.Equal("600", reply.Customer.ItemQuantity("REPORTS"));
        var old = reply.Customer.Subscription(1);
        var overage = Assert.Single(OneTimeInvoices(old));
        Assert.Equal([("REPORTS", "100", "0.05"), ("EXPORTS", "30", "0.10")],
            overage.Charges().Select(c => (c.Attribute("code")!.Value, Value(c, "quantity"), Value(c, "eachAmount"))));
        Assert.Equal("8.00", Value(overage.Element("transactions")!.Element("transaction")!, "amount"));
        Assert.NotEqual("", Value(overage, "paidTransactionId"));
        Assert.Equal(["600", "130"], old.Element("items")!.Elements("item").Select(i => Value(i, "quantity")));
    }

    [Fact]
    public async Task A_cancel_bills_the_overage_used_so_far_and_a_repeated_cancel_bills_nothing_more()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "PRO");
        await AddAsync(code, "REPORTS", 540);

        var canceled = await Cheddar.PostAsync(Path("cancel", code));
        var again = await Cheddar.PostAsync(Path("cancel", code));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (canceled.Status, again.Status));
        var subscription = again.Customer.Subscription();
        Assert.NotEqual("", Value(subscription, "canceledDatetime"));
        var overage = Assert.Single(OneTimeInvoices(subscription));
        Assert.Equal(("REPORTS", "40"), (overage.Charges().Single().Attribute("code")!.Value, Value(overage.Charges().Single(), "quantity")));
        Assert.Equal("2.00", Value(overage.Element("transactions")!.Element("transaction")!, "amount"));
        Assert.Equal("540", again.Customer.ItemQuantity("REPORTS"));
    }

    [Fact]
    public async Task Usage_billed_at_a_change_is_not_billed_again_by_the_next_plan_in_the_same_period()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "TEAM");
        await AddAsync(code, "REPORTS", 6000);

        // TEAM -> PRO keeps the bill date: TEAM's 1000 reports above its 5000 are billed now, and PRO's open invoice
        // does not bill the same reports again above its own 500.
        var pro = await Cheddar.PostAsync(Path("edit-subscription", code), ("planCode", "PRO"));

        Assert.Equal(HttpStatusCode.OK, pro.Status);
        Assert.Equal("6000", pro.Customer.ItemQuantity("REPORTS"));
        var overage = Assert.Single(OneTimeInvoices(pro.Customer.Subscription(1)));
        Assert.Equal("50.00", Value(overage.Element("transactions")!.Element("transaction")!, "amount"));
        XElement ReportsLine(XElement customer) => customer.Subscription().Invoice().Charges().Single(c => c.Attribute("code")!.Value == "REPORTS");
        Assert.Equal("0", Value(ReportsLine(pro.Customer), "quantity"));

        // Reports after the change are billed by PRO above what was already settled.
        await AddAsync(code, "REPORTS", 7);
        Assert.Equal("7", Value(ReportsLine(await Cheddar.CustomerAsync(code)), "quantity"));

        // Down to FREE and back to PRO at once (no trial left): the bill PRO runs at once is its price, not the reports again.
        Assert.Equal(HttpStatusCode.OK, (await Cheddar.PostAsync(Path("edit-subscription", code), ("planCode", "FREE"))).Status);
        var back = await Cheddar.PostAsync(Path("edit-subscription", code), ("planCode", "PRO"));
        Assert.Equal(HttpStatusCode.OK, back.Status);
        Assert.Equal("19.00", Value(back.Customer.Subscription().Invoice(1).Element("transactions")!.Element("transaction")!, "amount"));
        var billedReports = back.Customer.Element("subscriptions")!.Elements("subscription")
            .SelectMany(s => s.Element("invoices")!.Elements("invoice")).Where(i => Value(i, "paidTransactionId") != "")
            .SelectMany(i => i.Charges()).Where(c => c.Attribute("code")!.Value == "REPORTS")
            .Sum(c => decimal.Parse(Value(c, "quantity"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1007m, billedReports);
    }
}
