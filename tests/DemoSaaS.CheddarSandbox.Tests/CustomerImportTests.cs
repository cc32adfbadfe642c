using System.Net;

namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>customers/import: a batch of existing customers with gateway references, all or nothing.</summary>
public sealed class CustomerImportTests(SandboxServer sandbox) : IClassFixture<SandboxServer>
{
    private readonly CheddarHttp _cheddar = CheddarHttp.For(sandbox);

    private static string Code() => "m-" + Guid.NewGuid().ToString("N")[..12];

    private static string Value(System.Xml.Linq.XElement element, string name) => element.Element(name)!.Value;

    private static (string, string)[] Customer(int index, string code, string plan, params (string Key, string Value)[] extra) =>
    [
        ($"{index}[code]", code), ($"{index}[firstName]", "Imported"), ($"{index}[lastName]", $"Customer{index}"),
        ($"{index}[email]", $"{code}@example.com"), ($"{index}[subscription][planCode]", plan),
        .. extra,
    ];

    [Fact]
    public async Task Import_creates_every_customer_with_its_gateway_reference_and_bill_date()
    {
        var (free, paid) = (Code(), Code());
        var billDate = DateTime.UtcNow.Date.AddDays(10).ToString("yyyy-MM-dd");
        var reply = await _cheddar.PostAsync($"/xml/customers/import/{CheddarHttp.Product}",
        [
            .. Customer(0, free, "FREE"),
            .. Customer(1, paid, "PRO"),
            ("1[subscription][initialBillDate]", billDate), ("1[subscription][gatewayToken]", "cus_legacy_42"),
            ("1[subscription][ccType]", "visa"), ("1[subscription][ccLastFour]", "4242"), ("1[subscription][ccExpiration]", $"08/{DateTime.UtcNow.Year + 2}"),
            ("1[subscription][ccFirstName]", "Imported"), ("1[subscription][ccLastName]", "Customer1"),
            ("1[items][0][itemCode]", "REPORTS"), ("1[items][0][quantity]", "12"), ("1[metaData][legacyId]", "42"),
        ]);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal([free, paid], reply.Root.Elements("customer").Select(c => c.Attribute("code")!.Value));

        var imported = await _cheddar.CustomerAsync(paid);
        var subscription = imported.Subscription();
        Assert.Equal(("cus_legacy_42", "visa", "4242"), (Value(subscription, "gatewayToken"), Value(subscription, "ccType"), Value(subscription, "ccLastFour")));
        Assert.Equal(billDate + "T00:00:00+00:00", Value(subscription.Invoice(), "billingDatetime"));
        Assert.Equal("12", imported.ItemQuantity("REPORTS"));
        Assert.Equal("42", Value(imported.Element("metaData")!.Element("metaDatum")!, "value"));

        // Without an initialBillDate nothing is scheduled until changeBillDate.
        var unscheduled = (await _cheddar.CustomerAsync(free)).Subscription();
        Assert.Empty(unscheduled.Element("invoices")!.Elements("invoice"));
        var scheduled = await _cheddar.PostAsync($"/xml/customers/edit-subscription/{CheddarHttp.Product}/code/{free}", ("changeBillDate", billDate));
        Assert.Equal(billDate + "T00:00:00+00:00", Value(scheduled.Customer.Subscription().Invoice(), "billingDatetime"));
    }

    [Fact]
    public async Task One_invalid_customer_refuses_the_whole_batch_and_names_its_field()
    {
        var (good, bad) = (Code(), Code());
        var reply = await _cheddar.PostAsync($"/xml/customers/import/{CheddarHttp.Product}",
        [
            .. Customer(0, good, "FREE"),
            ("1[code]", bad), ("1[lastName]", "X"), ("1[email]", "x@example.com"), ("1[subscription][planCode]", "FREE"),
        ]);
        reply.ShouldBeError(412, "A value is required: 1[firstName]", "1[firstName]:isEmpty");
        (await _cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}/code/{good}")).ShouldBeError(404, "Customer not found");
    }

    [Theory]
    [InlineData("0[subscription][ccNumber]", "4111111111111111", "Not accepted by customers/import: 0[subscription][ccNumber]", "0[subscription][ccNumber]:notAllowed")]
    [InlineData("0[subscription][couponCode]", "LAUNCH20", "Not accepted by customers/import: 0[subscription][couponCode]", "0[subscription][couponCode]:notAllowed")]
    [InlineData("0[subscription][ccLastFour]", "1234", "A value is required: 0[subscription][gatewayToken]", "0[subscription][gatewayToken]:isEmpty")]
    [InlineData("0[subscription][initialBillDate]", "2001-01-01", "'2001-01-01' is in the past: 0[subscription][initialBillDate]", "0[subscription][initialBillDate]:dateInPast")]
    public async Task Import_refuses_card_numbers_coupons_and_incomplete_references(string key, string value, string message, string auxCode)
    {
        var code = Code();
        var reply = await _cheddar.PostAsync($"/xml/customers/import/{CheddarHttp.Product}", [.. Customer(0, code, "PRO"), (key, value)]);
        reply.ShouldBeError(412, message, auxCode);
        (await _cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}/code/{code}")).ShouldBeError(404, "Customer not found");
    }

    [Fact]
    public async Task Duplicate_codes_inside_the_batch_or_with_existing_customers_are_refused()
    {
        var code = Code();
        (await _cheddar.PostAsync($"/xml/customers/import/{CheddarHttp.Product}", [.. Customer(0, code, "FREE"), .. Customer(1, code, "FREE")]))
            .ShouldBeError(412, $"Another customer already exists with code={code}: 1[code]", "1[code]:recordFound");
        await _cheddar.NewCustomerAsync(code, "FREE");
        (await _cheddar.PostAsync($"/xml/customers/import/{CheddarHttp.Product}", Customer(0, code, "FREE")))
            .ShouldBeError(412, $"Another customer already exists with code={code}: 0[code]", "0[code]:recordFound");
    }

    [Fact]
    public async Task Empty_or_oversized_batches_are_refused()
    {
        (await _cheddar.PostAsync($"/xml/customers/import/{CheddarHttp.Product}")).ShouldBeError(412, "A value is required: 0[code]", "0[code]:isEmpty");
        var many = Enumerable.Range(0, 101).SelectMany(i => Customer(i, $"bulk-{i}-{Guid.NewGuid():N}", "FREE")).ToArray();
        (await _cheddar.PostAsync($"/xml/customers/import/{CheddarHttp.Product}", many))
            .ShouldBeError(412, "At most 100 customers can be imported per call; 101 were sent");
    }
}
