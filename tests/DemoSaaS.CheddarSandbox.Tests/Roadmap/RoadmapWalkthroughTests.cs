using System.Net;
using System.Xml.Linq;

namespace DemoSaaS.CheddarSandbox.Tests.Roadmap;

/// <summary>
/// Runs every call of docs/roadmap-walkthrough.md against the real sandbox, once with the JSON bodies Cheddar's
/// "Sample Integration Roadmap" posts and once with urlencoded forms, and checks what the walkthrough says each answers.
/// </summary>
public sealed class RoadmapWalkthroughTests(SandboxServer sandbox) : IClassFixture<SandboxServer>
{
    private readonly CheddarHttp _cheddar = CheddarHttp.For(sandbox);

    [Theory]
    [InlineData(BodyKind.Json)]
    [InlineData(BodyKind.Form)]
    public async Task Every_call_of_the_walkthrough_answers_as_the_walkthrough_says(BodyKind kind)
    {
        var walk = new RoadmapWalkthrough($"{kind}_{Guid.NewGuid():N}"[..16]);

        // 3.1 Adding a new customer.
        var milton = await OkAsync(walk.NewPaidCustomer(), kind);
        Assert.Equal(("PRO", "visa", "1111"), (PlanOf(milton), milton.Subscription().Element("ccType")!.Value, milton.Subscription().Element("ccLastFour")!.Value));
        var bill = await OkAsync(walk.NewFreeCustomer(), kind);
        Assert.Equal("FREE", PlanOf(bill));
        Assert.Equal("", bill.Subscription().Element("ccLastFour")!.Value);

        // 3.1.1 Fake credit card numbers for testing.
        foreach (var (type, number, lastFour) in new[] { ("amex", "370000000000002", "0002"), ("disc", "6011000000000012", "0012"), ("mc", "5424000000000015", "0015"), ("visa", "4111111111111111", "1111") })
        {
            var customer = await OkAsync(walk.NewCustomerWithCard(type, number), kind);
            Assert.Equal((type, lastFour), (customer.Subscription().Element("ccType")!.Value, customer.Subscription().Element("ccLastFour")!.Value));
        }

        // 3.2 Sending usage data.
        Assert.Equal("2", (await OkAsync(walk.AddUsage(), kind)).ItemQuantity("REPORTS"));

        // 3.3 Updating a customer record, then canceling.
        var upgraded = await OkAsync(walk.UpgradeBill(), kind);
        Assert.Equal(("PRO", "mc"), (PlanOf(upgraded), upgraded.Subscription().Element("ccType")!.Value));
        var canceled = await OkAsync(walk.CancelBill(), kind);
        Assert.NotEqual("", canceled.Subscription().Element("canceledDatetime")!.Value);

        // 3.4 Retrieving customer data for validation.
        var fetched = await OkAsync(walk.GetMilton(), kind);
        Assert.Equal((walk.Milton, "PRO", "2"), (fetched.Attribute("code")!.Value, PlanOf(fetched), fetched.ItemQuantity("REPORTS")));

        // 3.5 Error handling.
        (await SendAsync(walk.GetUnknown(), kind)).ShouldBeError(404, "Customer not found");
        (await SendAsync(walk.NewCustomerWithoutPlan(), kind)).ShouldBeError(412, "A pricing plan is required", "subscription[planCode]:isEmpty");
        (await SendAsync(walk.NewCustomerWithDeclinedCard(), kind)).ShouldBeError(422, "The transaction was declined", "6000");

        // 4 One-time invoices.
        var invoiced = await OkAsync(walk.OneTimeInvoice(), kind);
        var oneTime = invoiced.Subscription().Element("invoices")!.Elements("invoice").Single(i => i.Element("type")!.Value == "one-time");
        var charge = oneTime.Charges().Single();
        Assert.Equal(("ONBOARDING", "1", "25.00"), (charge.Attribute("code")!.Value, charge.Element("quantity")!.Value, charge.Element("eachAmount")!.Value));
        Assert.Equal("approved", oneTime.Element("transactions")!.Elements("transaction").Single().Element("response")!.Value);

        // 4 Promotions.
        var promotions = await SendAsync(walk.GetPromotion(), kind);
        Assert.Equal(HttpStatusCode.OK, promotions.Status);
        Assert.Equal("LAUNCH20", promotions.Root.Element("promotion")!.Element("coupons")!.Element("coupon")!.Attribute("code")!.Value);
        Assert.Equal("LAUNCH20", (await OkAsync(walk.ApplyCoupon(), kind)).Subscription().Element("couponCode")!.Value);

        // 4 Custom billing frequency: the bill date moves.
        var date = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(40));
        var moved = await OkAsync(walk.ChangeBillDate(date), kind);
        Assert.StartsWith(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), moved.Subscription().Invoice().Element("billingDatetime")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_roadmaps_json_examples_make_the_same_customers_and_quantities_as_form_bodies()
    {
        var json = new RoadmapWalkthrough("J" + Guid.NewGuid().ToString("N")[..10]);
        var form = new RoadmapWalkthrough("F" + Guid.NewGuid().ToString("N")[..10]);
        foreach (var (walk, kind) in new[] { (json, BodyKind.Json), (form, BodyKind.Form) })
        {
            await OkAsync(walk.NewPaidCustomer(), kind);
            await OkAsync(walk.NewFreeCustomer(), kind);
            await OkAsync(walk.AddUsage(), kind);
            await OkAsync(walk.AddUsage(), kind);
            await OkAsync(walk.UpgradeBill(), kind);
            await OkAsync(walk.OneTimeInvoice(), kind);
        }

        Assert.Equal(Facts(await _cheddar.CustomerAsync(form.Milton)), Facts(await _cheddar.CustomerAsync(json.Milton)));
        Assert.Equal(Facts(await _cheddar.CustomerAsync(form.Bill)), Facts(await _cheddar.CustomerAsync(json.Bill)));
        Assert.Equal("4", (await _cheddar.CustomerAsync(json.Milton)).ItemQuantity("REPORTS"));
    }

    /// <summary>What a customer is, without its ids, code and timestamps: names, plans, card, usage and invoice lines.</summary>
    private static string Facts(XElement customer) => string.Join("\n",
        new[] { "firstName", "lastName", "email" }.Select(name => $"{name}={customer.Element(name)!.Value}")
            .Concat(customer.Element("subscriptions")!.Elements("subscription").SelectMany(subscription =>
                new[] { $"plan={subscription.Element("plans")!.Element("plan")!.Attribute("code")!.Value}" }
                    .Concat(new[] { "ccType", "ccLastFour", "ccExpirationDate", "canceledDatetime" }.Select(name => $"{name}={subscription.Element(name)?.Value.Length > 0}:{(name.EndsWith("Datetime", StringComparison.Ordinal) ? "" : subscription.Element(name)?.Value)}"))
                    .Concat(subscription.Element("items")!.Elements("item").Select(item => $"item {item.Attribute("code")!.Value}={item.Element("quantity")!.Value}"))
                    .Concat(subscription.Element("invoices")!.Elements("invoice").SelectMany(invoice => invoice.Charges()
                        .Select(c => $"{invoice.Element("type")!.Value} charge {c.Attribute("code")!.Value} {c.Element("quantity")!.Value} x {c.Element("eachAmount")!.Value}"))))));

    private static string PlanOf(XElement customer) => customer.Subscription().Element("plans")!.Element("plan")!.Attribute("code")!.Value;

    private Task<CheddarReply> SendAsync(RoadmapRequest request, BodyKind kind) => _cheddar.SendAsync(request.ToMessage(kind));

    private async Task<XElement> OkAsync(RoadmapRequest request, BodyKind kind)
    {
        var reply = await SendAsync(request, kind);
        Assert.True(reply.Status == HttpStatusCode.OK, $"{request.Method} {request.Path} ({kind}) answered {(int)reply.Status}:\n{reply.Body}");
        return reply.Customer;
    }
}
