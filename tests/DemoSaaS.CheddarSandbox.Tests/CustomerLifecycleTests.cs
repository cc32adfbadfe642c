using System.Net;
using System.Text.Json;
using DemoSaaS.CheddarSandbox.Tests.Billing;

namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>Editing, plan changes, card changes, cancel, reactivation and delete — with the webhooks they send.</summary>
public sealed class CustomerLifecycleTests(BillingSandbox sandbox) : IClassFixture<BillingSandbox>
{
    private CheddarHttp Cheddar => sandbox.Cheddar;

    private static string Code() => "l-" + Guid.NewGuid().ToString("N")[..12];

    private static string Path(string action, string code) => $"/xml/customers/{action}/{CheddarHttp.Product}/code/{code}";

    private static string Value(System.Xml.Linq.XElement element, string name) => element.Element(name)!.Value;

    [Fact]
    public async Task Edit_customer_changes_only_the_fields_sent_and_upserts_metadata()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "FREE", ("metaData[team]", "blue"), ("notes", "keep me"));
        var reply = await Cheddar.PostAsync(Path("edit-customer", code),
            ("firstName", "Grace"), ("metaData[team]", "red"), ("metaData[seats]", "3"), ("isTaxExempt", "1"), ("taxNumber", "EU123"),
            ("referer", "https://news.example.org/launch"));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var customer = reply.Customer;
        Assert.Equal(("Grace", "Lovelace", "keep me"), (Value(customer, "firstName"), Value(customer, "lastName"), Value(customer, "notes")));
        Assert.Equal(("1", "EU123", "news.example.org"), (Value(customer, "isVatExempt"), Value(customer, "vatNumber"), Value(customer, "refererHost")));
        var meta = customer.Element("metaData")!.Elements("metaDatum").ToDictionary(m => Value(m, "name"), m => Value(m, "value"));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "red", ["seats"] = "3" }, meta);

        var unchanged = await Cheddar.PostAsync(Path("edit-customer", code));
        Assert.Equal(HttpStatusCode.OK, unchanged.Status);
        Assert.Equal("Grace", Value(unchanged.Customer, "firstName"));
    }

    [Theory]
    [InlineData("firstName", "", "A value is required: firstName", "firstName:isEmpty")]
    [InlineData("email", "nope", "'nope' is not a valid email address in the basic format local-part@hostname: email", "email:emailAddressInvalidFormat")]
    [InlineData("isTaxExempt", "maybe", "'maybe' is not 1 or 0: isTaxExempt", "isTaxExempt:notBoolean")]
    [InlineData("taxRate", "abc", "'abc' does not appear to be a number with at most 4 decimals: taxRate", "taxRate:notFloat")]
    [InlineData("company", "Acme\u0001Corp", "The value contains characters that XML cannot carry: company", "company:invalidCharacters")]
    [InlineData("firstContactDatetime", "yesterday", "'yesterday' is not a valid date in format YYYY-MM-DD or ISO 8601: firstContactDatetime", "firstContactDatetime:dateInvalidDate")]
    public async Task Bad_customer_edits_are_refused_and_change_nothing(string field, string value, string message, string auxCode)
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "FREE");
        (await Cheddar.PostAsync(Path("edit-customer", code), ("lastName", "Changed"), (field, value))).ShouldBeError(412, message, auxCode);
        Assert.Equal("Lovelace", Value(await Cheddar.CustomerAsync(code), "lastName"));
    }

    [Fact]
    public async Task Free_to_pro_with_a_card_starts_a_new_subscription_newest_first_and_sends_subscriptionChanged()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "FREE");
        await Cheddar.PostAsync($"/xml/customers/add-item-quantity/{CheddarHttp.Product}/code/{code}/itemCode/REPORTS", ("quantity", "7"));
        var reply = await Cheddar.PostAsync(Path("edit-subscription", code),
            ("planCode", "PRO"), ("ccFirstName", "Ada"), ("ccLastName", "Lovelace"), ("ccZip", "90210"),
            ("ccNumber", "4111111111111111"), ("ccExpiration", $"10/{DateTime.UtcNow.Year + 1}"), ("ccCardCode", "123"));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var subscriptions = reply.Customer.Element("subscriptions")!.Elements("subscription").ToList();
        Assert.Equal(["PRO", "FREE"], subscriptions.Select(s => s.Element("plans")!.Element("plan")!.Attribute("code")!.Value));
        Assert.Equal("7", reply.Customer.ItemQuantity("REPORTS"));
        var trialEnd = DateTimeOffset.Parse(Value(subscriptions[0].Invoice(), "billingDatetime"));
        Assert.Equal(14, Math.Round((trialEnd - DateTimeOffset.Parse(Value(subscriptions[0], "createdDatetime"))).TotalDays));
        Assert.Empty(subscriptions[1].Element("invoices")!.Elements("invoice"));

        var events = await sandbox.WaitForEventsAsync(code, 2);
        var changed = events.Single(e => e.GetProperty("activityType").GetString() == "subscriptionChanged");
        Assert.Equal("subscriptionChanged", changed.GetProperty("activityType").GetString());
        Assert.Equal("PRO", changed.GetProperty("subscription").GetProperty("plan").GetProperty("code").GetString());
        Assert.Equal("FREE", changed.GetProperty("previousSubscription").GetProperty("plan").GetProperty("code").GetString());
        Assert.Equal("1111", changed.GetProperty("subscription").GetProperty("ccLastFour").GetString());
    }

    [Fact]
    public async Task Pro_to_team_keeps_the_bill_date_and_the_card()
    {
        var code = Code();
        var pro = (await Cheddar.NewCustomerAsync(code, "PRO")).Customer.Subscription();
        var reply = await Cheddar.PostAsync(Path("edit-subscription", code), ("planCode", "TEAM"));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var team = reply.Customer.Subscription();
        Assert.Equal(Value(pro.Invoice(), "billingDatetime"), Value(team.Invoice(), "billingDatetime"));
        Assert.Equal("49.00", Value(team.Invoice().Charges().First(), "eachAmount"));
        Assert.Equal("1111", Value(team, "ccLastFour"));
    }

    [Fact]
    public async Task Card_refused_on_edit_comes_back_embedded_and_the_old_card_stays()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "PRO");
        var reply = await Cheddar.PostAsync(Path("edit-subscription", code),
            ("ccNumber", "5424000000000015"), ("ccExpiration", $"10/{DateTime.UtcNow.Year + 1}"), ("ccCardCode", "123"), ("ccZip", "05003"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal(["errors", "customer"], reply.Root.ChildNames());
        reply.ShouldBeError(422, "Credit card type is not accepted", "5003");
        Assert.Equal("1111", Value((await Cheddar.CustomerAsync(code)).Subscription(), "ccLastFour"));

        var viaEdit = await Cheddar.PostAsync(Path("edit", code), ("firstName", "Changed"),
            ("subscription[ccNumber]", "5424000000000015"), ("subscription[ccExpiration]", $"10/{DateTime.UtcNow.Year + 1}"),
            ("subscription[ccCardCode]", "123"), ("subscription[ccZip]", "06000"));
        viaEdit.ShouldBeError(422, "The transaction was declined", "6000");
        Assert.Equal("Ada", Value(viaEdit.Customer, "firstName"));
        Assert.Equal("Ada", Value(await Cheddar.CustomerAsync(code), "firstName"));
    }

    [Fact]
    public async Task Card_change_with_only_a_new_zip_keeps_the_card()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "PRO");
        var reply = await Cheddar.PostAsync(Path("edit", code), ("subscription[ccZip]", "10115"), ("company", "Babbage & Co"));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(("10115", "1111"), (Value(reply.Customer.Subscription(), "ccZip"), Value(reply.Customer.Subscription(), "ccLastFour")));
        Assert.Equal("Babbage & Co", Value(reply.Customer, "company"));
    }

    [Fact]
    public async Task Unknown_plan_on_change_is_refused_and_nothing_changes()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "PRO");
        (await Cheddar.PostAsync(Path("edit-subscription", code), ("planCode", "GOLD")))
            .ShouldBeError(412, "No plan found with code=GOLD", "planCode:notFound");
        Assert.Single((await Cheddar.CustomerAsync(code)).Element("subscriptions")!.Elements("subscription"));
    }

    [Fact]
    public async Task Cancel_then_reactivate_with_edit_subscription()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "PRO");
        var canceled = await Cheddar.PostAsync(Path("cancel", code));
        Assert.Equal(HttpStatusCode.OK, canceled.Status);
        var subscription = canceled.Customer.Subscription();
        Assert.Equal("customer", Value(subscription, "cancelType"));
        Assert.NotEqual("", Value(subscription, "canceledDatetime"));
        Assert.Empty(subscription.Element("invoices")!.Elements("invoice"));

        var again = await Cheddar.GetAsync(Path("cancel", code));
        Assert.Equal(Value(subscription, "canceledDatetime"), Value(again.Customer.Subscription(), "canceledDatetime"));

        var reactivated = await Cheddar.PostAsync(Path("edit-subscription", code), ("planCode", "PRO"));
        Assert.Equal(HttpStatusCode.OK, reactivated.Status);
        var current = reactivated.Customer.Subscription();
        Assert.Equal("", Value(current, "canceledDatetime"));
        Assert.Equal(2, reactivated.Customer.Element("subscriptions")!.Elements("subscription").Count());
        Assert.Equal("19.00", Value(current.Invoice(1).Element("transactions")!.Element("transaction")!, "amount"));

        // Deliveries run independently, so arrival order is not publication order.
        var events = await sandbox.WaitForEventsAsync(code, 4);
        Assert.Equal(["newSubscription", "subscriptionCanceled", "subscriptionReactivated", "transaction"],
            events.Select(e => e.GetProperty("activityType").GetString()).Order());
        Assert.Equal("customer", events.Single(e => e.GetProperty("activityType").GetString() == "subscriptionCanceled")
            .GetProperty("subscription").GetProperty("cancelType").GetString());
    }

    [Fact]
    public async Task Delete_removes_the_customer_sends_customerDeleted_and_a_second_delete_is_404()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "FREE");
        var deleted = await Cheddar.PostAsync(Path("delete", code));
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("customers", deleted.Root.Name.LocalName);
        Assert.Empty(deleted.Root.Elements());
        (await Cheddar.PostAsync(Path("delete", code))).ShouldBeError(404, "Customer not found");
        (await Cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}/code/{code}")).ShouldBeError(404, "Customer not found");
        var events = await sandbox.WaitForEventsAsync(code, 2);
        var deletedEvent = events.Single(e => e.GetProperty("activityType").GetString() == "customerDeleted");
        Assert.False(deletedEvent.TryGetProperty("subscription", out _));
    }

    [Fact]
    public async Task Customer_list_filters_and_orders_and_an_empty_result_is_404()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await Cheddar.NewCustomerAsync($"{tag}-a", "FREE", ("lastName", $"Zed{tag}"), ("company", "Beta"));
        await Cheddar.NewCustomerAsync($"{tag}-b", "PRO", ("lastName", $"Abel{tag}"), ("company", "Alpha"));
        await Cheddar.NewCustomerAsync($"{tag}-c", "TEAM", ("lastName", $"Moe{tag}"), ("company", "Gamma"));
        await Cheddar.PostAsync(Path("cancel", $"{tag}-c"));

        async Task<List<string>> CodesAsync(string query)
        {
            var reply = await Cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}?search={tag}{query}");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            return reply.Root.Elements("customer").Select(c => c.Attribute("code")!.Value).ToList();
        }

        Assert.Equal([$"{tag}-b", $"{tag}-c", $"{tag}-a"], await CodesAsync(""));
        Assert.Equal([$"{tag}-a", $"{tag}-c", $"{tag}-b"], await CodesAsync("&orderByDirection=desc"));
        Assert.Equal([$"{tag}-b", $"{tag}-a", $"{tag}-c"], await CodesAsync("&orderBy=company"));
        Assert.Equal([$"{tag}-b", $"{tag}-a"], await CodesAsync("&subscriptionStatus=activeOnly"));
        Assert.Equal([$"{tag}-c"], await CodesAsync("&subscriptionStatus=canceledOnly"));
        Assert.Equal([$"{tag}-b", $"{tag}-c"], await CodesAsync("&planCode[]=PRO&planCode[]=TEAM"));
        Assert.Equal([$"{tag}-a"], await CodesAsync("&planCode=FREE"));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        Assert.Equal(3, (await CodesAsync($"&createdAfterDate={today}&createdBeforeDate={today}")).Count);
        Assert.Equal([$"{tag}-c"], await CodesAsync($"&transactedAfterDate={today}"));

        var listed = await Cheddar.PostAsync($"/xml/customers/list/{CheddarHttp.Product}", ("search", tag), ("planCode", "FREE"));
        Assert.Equal($"{tag}-a", Assert.Single(listed.Root.Elements("customer")).Attribute("code")!.Value);

        (await Cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}?search=NotFirst{tag}")).ShouldBeError(404, "No customers found.");
        (await Cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}?orderBy=shoeSize"))
            .ShouldBeError(412, "'shoeSize' is not one of name, company, plan, billingDatetime, createdDatetime: orderBy", "orderBy:notInArray");
        (await Cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}?createdAfterDate=31/12/2020"))
            .ShouldBeError(412, "'31/12/2020' is not a valid date in format YYYY-MM-DD or ISO 8601: createdAfterDate", "createdAfterDate:dateInvalidDate");
    }

    [Fact]
    public async Task Edit_with_only_customer_fields_leaves_a_canceled_subscription_canceled()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "PRO");
        await Cheddar.PostAsync(Path("cancel", code));
        var reply = await Cheddar.PostAsync(Path("edit", code), ("notes", "left us"));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("left us", Value(reply.Customer, "notes"));
        Assert.Single(reply.Customer.Element("subscriptions")!.Elements("subscription"));
        Assert.NotEqual("", Value(reply.Customer.Subscription(), "canceledDatetime"));
    }

    [Fact]
    public async Task Coupon_added_by_edit_subscription_shows_its_discount_on_the_current_invoice()
    {
        var code = Code();
        await Cheddar.NewCustomerAsync(code, "PRO");
        var reply = await Cheddar.PostAsync(Path("edit-subscription", code), ("couponCode", "launch20"));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("LAUNCH20", Value(reply.Customer.Subscription(), "couponCode"));
        var discount = reply.Customer.Subscription().Invoice().Charges().Single(c => Value(c, "type") == "discount");
        Assert.Equal(("LAUNCH20", "-3.80", ""), (discount.Attribute("code")!.Value, Value(discount, "eachAmount"), discount.Attribute("id")!.Value));
    }

    [Fact]
    public async Task Coupon_for_a_plan_it_does_not_cover_is_refused()
    {
        var code = Code();
        (await Cheddar.NewCustomerAsync(code, "FREE", ("subscription[couponCode]", "LAUNCH20")))
            .ShouldBeError(412, "Coupon 'LAUNCH20' does not apply to plan FREE: subscription[couponCode]", "subscription[couponCode]:couponNotForPlan");
        (await Cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}/code/{code}")).ShouldBeError(404, "Customer not found");
    }

    [Fact]
    public async Task Calls_for_another_product_change_nothing()
    {
        var code = Code();
        (await Cheddar.PostAsync($"/xml/customers/new/productCode/OTHER",
            ("code", code), ("firstName", "A"), ("lastName", "B"), ("email", "a@example.com"), ("subscription[planCode]", "FREE")))
            .ShouldBeError(401, "User sandbox@demosaas.local does not have access to productCode=OTHER");
        (await Cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}/code/{code}")).ShouldBeError(404, "Customer not found");

        await Cheddar.NewCustomerAsync(code, "FREE");
        (await Cheddar.PostAsync($"/xml/customers/cancel/productId/not-our-product/code/{code}"))
            .ShouldBeError(401, "User does not have access to productId=not-our-product");
        Assert.Equal("", Value((await Cheddar.CustomerAsync(code)).Subscription(), "canceledDatetime"));
    }
}
