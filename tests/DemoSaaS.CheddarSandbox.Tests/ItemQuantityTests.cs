using System.Net;

namespace DemoSaaS.CheddarSandbox.Tests;

public sealed class ItemQuantityTests(SandboxServer sandbox) : IClassFixture<SandboxServer>
{
    private readonly CheddarHttp _cheddar = CheddarHttp.For(sandbox);

    private static string Code() => "i-" + Guid.NewGuid().ToString("N")[..12];

    private static string ItemPath(string action, string code, string item = "itemCode/REPORTS") =>
        $"/xml/customers/{action}/{CheddarHttp.Product}/code/{code}/{item}";

    [Fact]
    public async Task Add_remove_and_set_change_usage_and_the_current_invoice_overage()
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "PRO");
        var added = await _cheddar.PostAsync(ItemPath("add-item-quantity", code), ("quantity", "502"));
        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Equal("502", added.Customer.ItemQuantity("REPORTS"));
        var item = added.Customer.Subscription().Element("items")!.Elements("item").First();
        Assert.Equal(["name", "quantity", "createdDatetime", "modifiedDatetime"], item.ChildNames());
        var overage = added.Customer.Subscription().Invoice().Charges().Single(c => c.Attribute("code")!.Value == "REPORTS");
        Assert.Equal(("2", "0.05"), (overage.Element("quantity")!.Value, overage.Element("eachAmount")!.Value));

        var removed = await _cheddar.PostAsync(ItemPath("remove-item-quantity", code), ("quantity", "1.25"));
        Assert.Equal("500.75", removed.Customer.ItemQuantity("REPORTS"));
        var set = await _cheddar.PostAsync(ItemPath("set-item-quantity", code), ("quantity", "7"));
        Assert.Equal("7", set.Customer.ItemQuantity("REPORTS"));
    }

    [Fact]
    public async Task Add_without_quantity_adds_one_even_with_get()
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "FREE");
        var reply = await _cheddar.GetAsync(ItemPath("add-item-quantity", code));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("1", reply.Customer.ItemQuantity("REPORTS"));
    }

    [Fact]
    public async Task Item_can_be_addressed_by_its_plan_item_id()
    {
        var code = Code();
        var customer = (await _cheddar.NewCustomerAsync(code, "PRO")).Customer;
        var exportsId = customer.Subscription().Element("items")!.Elements("item").Single(i => i.Attribute("code")!.Value == "EXPORTS").Attribute("id")!.Value;
        var reply = await _cheddar.PostAsync(ItemPath("add-item-quantity", code, $"itemId/{exportsId}"), ("quantity", "3"));
        Assert.Equal("3", reply.Customer.ItemQuantity("EXPORTS"));
    }

    [Fact]
    public async Task Free_plan_refuses_the_21st_report_and_keeps_20()
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "FREE");
        Assert.Equal(HttpStatusCode.OK, (await _cheddar.PostAsync(ItemPath("add-item-quantity", code), ("quantity", "20"))).Status);
        var refused = await _cheddar.PostAsync(ItemPath("add-item-quantity", code), ("quantity", "1"));
        refused.ShouldBeError(412, "'21' is not less than or equal to '20': quantity", "quantity:notLessThan");
        Assert.Equal("20", (await _cheddar.CustomerAsync(code)).ItemQuantity("REPORTS"));
    }

    [Fact]
    public async Task Fifty_parallel_adds_on_one_item_end_at_exactly_plus_fifty()
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "TEAM");
        await _cheddar.PostAsync(ItemPath("set-item-quantity", code), ("quantity", "100"));
        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _cheddar.PostAsync(ItemPath("add-item-quantity", code), ("quantity", "1"))));
        Assert.All(replies, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Equal("150", (await _cheddar.CustomerAsync(code)).ItemQuantity("REPORTS"));
    }

    [Theory]
    [InlineData("add-item-quantity", "quantity", "abc", 412, "'abc' does not appear to be a number with at most 4 decimals: quantity", "quantity:notFloat")]
    [InlineData("add-item-quantity", "quantity", "1.00001", 412, "'1.00001' does not appear to be a number with at most 4 decimals: quantity", "quantity:notFloat")]
    [InlineData("add-item-quantity", "quantity", "0", 412, "'0' is not greater than '0': quantity", "quantity:notGreaterThan")]
    [InlineData("add-item-quantity", "quantity", "-3", 412, "'-3' is not greater than '0': quantity", "quantity:notGreaterThan")]
    [InlineData("add-item-quantity", "quantity", "1000000000", 412, "'1000000000' is not less than or equal to '99999999.9999': quantity", "quantity:notLessThan")]
    [InlineData("remove-item-quantity", "quantity", "6", 412, "'-1' is not greater than or equal to '0': quantity", "quantity:notGreaterThan")]
    [InlineData("set-item-quantity", "quantity", "", 412, "A value is required: quantity", "quantity:isEmpty")]
    [InlineData("add-item-quantity", "quantity[]", "2", 412, "A list was sent where a single value is expected: quantity", "quantity:notScalar")]
    [InlineData("set-item-quantity", "invoicePeriod", "next", 412, "'next' is not current or outstanding: invoicePeriod", "invoicePeriod:notInArray")]
    [InlineData("set-item-quantity", "invoicePeriod", "outstanding", 404, "No outstanding invoice found", "")]
    public async Task Bad_quantities_are_refused_and_change_nothing(string action, string field, string value, int status, string message, string auxCode)
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "PRO");
        await _cheddar.PostAsync(ItemPath("set-item-quantity", code), ("quantity", "5"));
        var form = field.StartsWith("quantity", StringComparison.Ordinal) ? new[] { (field, value) } : [(field, value), ("quantity", "9")];
        (await _cheddar.PostAsync(ItemPath(action, code), form)).ShouldBeError(status, message, auxCode);
        Assert.Equal("5", (await _cheddar.CustomerAsync(code)).ItemQuantity("REPORTS"));
    }

    [Fact]
    public async Task Unknown_item_customer_or_missing_item_are_refused()
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "FREE");
        (await _cheddar.PostAsync(ItemPath("add-item-quantity", code, "itemCode/EXPORTS"))).ShouldBeError(404, "Item not found (code=EXPORTS)");
        (await _cheddar.PostAsync(ItemPath("add-item-quantity", code, "itemId/123"))).ShouldBeError(404, "Item not found (id=123)");
        (await _cheddar.PostAsync(ItemPath("add-item-quantity", "nobody-" + code))).ShouldBeError(404, "Customer not found");
        (await _cheddar.PostAsync($"/xml/customers/add-item-quantity/{CheddarHttp.Product}/code/{code}"))
            .ShouldBeError(412, "A value is required: itemCode", "itemCode:isEmpty");
    }

    [Fact]
    public async Task Item_and_customer_may_come_from_the_body()
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "PRO");
        var reply = await _cheddar.PostAsync($"/xml/customers/add-item-quantity/{CheddarHttp.Product}", ("code", code), ("itemCode", "EXPORTS"), ("quantity", "4"));
        Assert.Equal("4", reply.Customer.ItemQuantity("EXPORTS"));
    }

    [Fact]
    public async Task Canceled_subscription_refuses_current_period_usage()
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "PRO");
        await _cheddar.PostAsync($"/xml/customers/cancel/{CheddarHttp.Product}/code/{code}");
        (await _cheddar.PostAsync(ItemPath("add-item-quantity", code)))
            .ShouldBeError(400, "The subscription is canceled: item quantities can only change on its outstanding invoice (invoicePeriod=outstanding)");
    }

    [Fact]
    public async Task Parallel_reports_on_the_free_plan_stop_at_exactly_20()
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "FREE");
        var replies = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => _cheddar.PostAsync(ItemPath("add-item-quantity", code))));
        Assert.Equal(20, replies.Count(r => r.Status == HttpStatusCode.OK));
        Assert.All(replies.Where(r => r.Status != HttpStatusCode.OK),
            r => r.ShouldBeError(412, "'21' is not less than or equal to '20': quantity", "quantity:notLessThan"));
        Assert.Equal("20", (await _cheddar.CustomerAsync(code)).ItemQuantity("REPORTS"));
    }
}
