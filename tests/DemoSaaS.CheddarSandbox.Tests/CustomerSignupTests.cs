using System.Net;

namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>customers/new and customers/get: shapes, validation order, gateway outcomes, nothing created on failure.</summary>
public sealed class CustomerSignupTests(SandboxServer sandbox) : IClassFixture<SandboxServer>
{
    private static readonly string[] CustomerElements =
    [
        "firstName", "lastName", "company", "email", "notes", "gatewayToken", "isVatExempt", "vatNumber", "firstContactDatetime",
        "referer", "refererHost", "campaignSource", "campaignMedium", "campaignTerm", "campaignContent", "campaignName", "key",
        "createdDatetime", "modifiedDatetime", "metaData", "subscriptions",
    ];

    private static readonly string[] CardSubscriptionElements =
    [
        "plans", "gatewayToken", "gatewayAccount", "ccFirstName", "ccLastName", "ccCompany", "ccCountry", "ccAddress", "ccCity",
        "ccState", "ccZip", "ccType", "ccLastFour", "ccExpirationDate", "ccEmail", "couponCode", "cancelType", "cancelReason",
        "canceledDatetime", "createdDatetime", "items", "invoices",
    ];

    private static readonly string[] InvoiceElements = ["number", "type", "vatRate", "billingDatetime", "paidTransactionId", "createdDatetime", "charges"];

    private static readonly string[] ChargeElements = ["type", "quantity", "eachAmount", "description", "createdDatetime"];

    private static readonly string[] TransactionElements =
        ["parentId", "gatewayToken", "gatewayAccount", "amount", "memo", "response", "responseReason", "transactedDatetime", "createdDatetime"];

    private readonly CheddarHttp _cheddar = CheddarHttp.For(sandbox);

    private static string Code() => "c-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Pro_signup_with_a_test_card_starts_a_14_day_trial_in_Cheddars_shape()
    {
        var code = Code();
        var reply = await _cheddar.NewCustomerAsync(code, "PRO", ("metaData[team]", "blue"), ("company", "Analytical Engines"));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", reply.Body);
        var customer = reply.Customer;
        Assert.Equal(code, customer.Attribute("code")!.Value);
        Assert.Equal(CustomerElements, customer.ChildNames());
        Assert.Equal("Analytical Engines", customer.Element("company")!.Value);
        Assert.Matches("^[0-9a-f]{10}$", customer.Element("key")!.Value);
        var datum = customer.Element("metaData")!.Element("metaDatum")!;
        Assert.Equal(["name", "value", "createdDatetime", "modifiedDatetime"], datum.ChildNames());
        Assert.Equal(("team", "blue"), (datum.Element("name")!.Value, datum.Element("value")!.Value));

        var subscription = customer.Subscription();
        Assert.Equal(CardSubscriptionElements, subscription.ChildNames());
        Assert.Equal("PRO", subscription.Element("plans")!.Element("plan")!.Attribute("code")!.Value);
        Assert.Equal(("visa", "1111", "SIMULATED"), (subscription.Element("ccType")!.Value, subscription.Element("ccLastFour")!.Value, subscription.Element("gatewayToken")!.Value));
        Assert.Equal($"{DateTime.UtcNow.Year + 2}-12-31T00:00:00+00:00", subscription.Element("ccExpirationDate")!.Value);
        Assert.Equal("", subscription.Element("canceledDatetime")!.Value);
        Assert.DoesNotContain("4111111111111111", reply.Body);

        var items = subscription.Element("items")!.Elements("item").ToList();
        Assert.Equal(["REPORTS", "EXPORTS"], items.Select(i => i.Attribute("code")!.Value));
        Assert.Equal(["name", "quantity"], items[0].ChildNames());
        Assert.Equal("0", items[0].Element("quantity")!.Value);

        var invoice = subscription.Invoice();
        Assert.Equal(InvoiceElements, invoice.ChildNames());
        Assert.Equal("subscription", invoice.Element("type")!.Value);
        var created = DateTimeOffset.Parse(customer.Element("createdDatetime")!.Value);
        var bill = DateTimeOffset.Parse(invoice.Element("billingDatetime")!.Value);
        Assert.Equal(TimeSpan.FromDays(14), bill - created);
        var charges = invoice.Charges().ToList();
        Assert.Equal(["PRO_RECURRING", "REPORTS", "EXPORTS"], charges.Select(c => c.Attribute("code")!.Value));
        Assert.All(charges, c => Assert.Equal(ChargeElements, c.ChildNames()));
        Assert.All(charges, c => Assert.Equal("", c.Attribute("id")!.Value));
        Assert.Equal(("recurring", "1", "19.00"), (charges[0].Element("type")!.Value, charges[0].Element("quantity")!.Value, charges[0].Element("eachAmount")!.Value));
        Assert.Equal(invoice.Element("billingDatetime")!.Value, charges[0].Element("createdDatetime")!.Value);
        Assert.Null(invoice.Element("transactions"));
    }

    [Fact]
    public async Task Free_signup_needs_no_card_and_shows_no_gateway_account()
    {
        var code = Code();
        var reply = await _cheddar.NewCustomerAsync(code, "FREE");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var subscription = reply.Customer.Subscription();
        Assert.Null(subscription.Element("gatewayAccount"));
        Assert.Equal("", subscription.Element("ccLastFour")!.Value);
        Assert.Equal(["REPORTS"], subscription.Element("items")!.Elements("item").Select(i => i.Attribute("code")!.Value));
    }

    [Fact]
    public async Task Team_signup_is_charged_at_once_and_shows_the_paid_invoice_after_the_current_one()
    {
        var reply = await _cheddar.NewCustomerAsync(Code(), "TEAM");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var subscription = reply.Customer.Subscription();
        var current = subscription.Invoice(0);
        var paid = subscription.Invoice(1);
        Assert.Equal("", current.Element("paidTransactionId")!.Value);
        Assert.True(DateTimeOffset.Parse(current.Element("billingDatetime")!.Value) > DateTimeOffset.UtcNow.AddDays(27));
        var transaction = paid.Element("transactions")!.Element("transaction")!;
        Assert.Equal(TransactionElements, transaction.ChildNames());
        Assert.Equal(("49.00", "approved"), (transaction.Element("amount")!.Value, transaction.Element("response")!.Value));
        Assert.Equal(transaction.Attribute("id")!.Value, paid.Element("paidTransactionId")!.Value);
    }

    [Fact]
    public async Task Customer_can_be_read_by_code_id_and_invoice_number()
    {
        var code = Code();
        var created = (await _cheddar.NewCustomerAsync(code, "FREE")).Customer;
        var id = created.Attribute("id")!.Value;
        var number = created.Subscription().Invoice().Element("number")!.Value;
        foreach (var path in new[] { $"code/{code}", $"id/{id}", $"invoiceNumber/{number}" })
        {
            var reply = await _cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}/{path}");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.Equal(code, Assert.Single(reply.Root.Elements("customer")).Attribute("code")!.Value);
        }
        (await _cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}/code/nobody-{Code()}")).ShouldBeError(404, "Customer not found");
    }

    [Fact]
    public async Task Codes_with_spaces_and_plus_signs_round_trip_through_the_path()
    {
        var code = "Ada Lovelace+" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.OK, (await _cheddar.NewCustomerAsync(code, "FREE", ("email", "ada@example.com"))).Status);
        var reply = await _cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}/code/{Uri.EscapeDataString(code)}");
        Assert.Equal(code, reply.Customer.Attribute("code")!.Value);
    }

    [Theory]
    [InlineData("subscription[planCode]", null, 412, "A pricing plan is required", "subscription[planCode]:isEmpty")]
    [InlineData("subscription[planCode]", "GOLD", 412, "No plan found with code=GOLD", "subscription[planCode]:notFound")]
    [InlineData("firstName", null, 412, "A value is required: firstName", "firstName:isEmpty")]
    [InlineData("lastName", "", 412, "A value is required: lastName", "lastName:isEmpty")]
    [InlineData("email", null, 412, "A value is required: email", "email:isEmpty")]
    [InlineData("email", "not-an-email", 412, "'not-an-email' is not a valid email address in the basic format local-part@hostname: email", "email:emailAddressInvalidFormat")]
    [InlineData("firstName", "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 412, "'Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' is more than 40 characters long: firstName", "firstName:stringLengthTooLong")]
    [InlineData("subscription[ccFirstName]", null, 412, "A value is required: subscription[ccFirstName]", "subscription[ccFirstName]:isEmpty")]
    [InlineData("subscription[ccZip]", null, 412, "A value is required: subscription[ccZip]", "subscription[ccZip]:isEmpty")]
    [InlineData("subscription[ccNumber]", null, 412, "A value is required: subscription[ccNumber]", "subscription[ccNumber]:isEmpty")]
    [InlineData("subscription[ccNumber]", "1", 412, "'1' is not from an allowed institute: subscription[ccNumber]", "subscription[ccNumber]:creditcardPrefix")]
    [InlineData("subscription[ccNumber]", "4111111111111112", 412, "'************1112' seems to contain an invalid checksum: subscription[ccNumber]", "subscription[ccNumber]:creditcardChecksum")]
    [InlineData("subscription[ccNumber]", "411111111111111", 412, "'***********1111' contains an invalid amount of digits: subscription[ccNumber]", "subscription[ccNumber]:creditcardLength")]
    [InlineData("subscription[ccNumber]", "4111-1111-1111-1111", 412, "'***************1111' must contain only digits: subscription[ccNumber]", "subscription[ccNumber]:creditcardContent")]
    [InlineData("subscription[ccExpiration]", "00/0000", 412, "'00/0000' is not a valid date in format MM/YYYY: subscription[ccExpiration]", "subscription[ccExpiration]:dateInvalidDate")]
    [InlineData("subscription[ccExpiration]", "01/2001", 422, "Expiration date is invalid", "5002")]
    [InlineData("subscription[ccCardCode]", null, 412, "A value is required: subscription[ccCardCode]", "subscription[ccCardCode]:isEmpty")]
    [InlineData("subscription[ccCardCode]", "12", 412, "The card code must be 3 or 4 digits: subscription[ccCardCode]", "subscription[ccCardCode]:cardCodeInvalid")]
    [InlineData("subscription[ccZip]", "06000", 422, "The transaction was declined", "6000")]
    [InlineData("subscription[ccZip]", "05003", 422, "Credit card type is not accepted", "5003")]
    [InlineData("subscription[ccZip]", "04000", 502, "The connection to the gateway failed.  Please try again later.", "4000")]
    [InlineData("subscription[ccZip]", "01000", 500, "An unexpected error occured.  Please try again later.", "1000")]
    [InlineData("subscription[couponCode]", "NOPE", 412, "'NOPE' is not a valid coupon code: subscription[couponCode]", "subscription[couponCode]:couponNotFound")]
    [InlineData("subscription[method]", "paypal", 412, "'paypal' is not supported by the sandbox (no PayPal simulator); use cc: subscription[method]", "subscription[method]:notInArray")]
    [InlineData("charges[0][quantity]", "1", 412, "A value is required: charges[0][chargeCode]", "charges[0][chargeCode]:isEmpty")]
    [InlineData("items[0][itemCode]", "WIDGETS", 404, "Item not found (code=WIDGETS)", "")]
    public async Task Invalid_signup_is_refused_with_Cheddars_error_and_creates_nothing(string field, string? value, int status, string message, string auxCode)
    {
        var code = Code();
        var reply = await _cheddar.NewCustomerAsync(code, "TEAM", (field, value!));
        reply.ShouldBeError(status, message, auxCode);
        (await _cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}/code/{code}")).ShouldBeError(404, "Customer not found");
    }

    [Fact]
    public async Task Validation_follows_Cheddars_order_plan_then_names_then_code_then_email()
    {
        var reply = await _cheddar.PostAsync($"/xml/customers/new/{CheddarHttp.Product}", ("subscription[planCode]", "FREE"));
        reply.ShouldBeError(412, "A value is required: firstName", "firstName:isEmpty");
        reply = await _cheddar.PostAsync($"/xml/customers/new/{CheddarHttp.Product}", ("subscription[planCode]", "FREE"), ("firstName", "A"), ("lastName", "B"));
        reply.ShouldBeError(412, "A value is required: code", "code:isEmpty");
        reply = await _cheddar.PostAsync($"/xml/customers/new/{CheddarHttp.Product}", ("subscription[planCode]", "FREE"), ("firstName", "A"), ("lastName", "B"), ("code", Code()));
        reply.ShouldBeError(412, "A value is required: email", "email:isEmpty");
    }

    [Fact]
    public async Task Duplicate_code_is_refused()
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "FREE");
        var reply = await _cheddar.NewCustomerAsync(code, "FREE");
        reply.ShouldBeError(412, $"Another customer already exists with code={code}: code", "code:recordFound");
    }

    [Theory]
    [InlineData("5424000000000015", "mc", "0015")]
    [InlineData("6011000000000012", "disc", "0012")]
    [InlineData("370000000000002", "amex", "0002")]
    [InlineData("4111111111111111", "visa", "1111")]
    public async Task Test_cards_are_approved_with_any_cvv_and_typed_from_their_prefix(string number, string type, string lastFour)
    {
        var reply = await _cheddar.NewCustomerAsync(Code(), "TEAM", ("subscription[ccNumber]", number), ("subscription[ccCardCode]", "9876"));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var subscription = reply.Customer.Subscription();
        Assert.Equal((type, lastFour), (subscription.Element("ccType")!.Value, subscription.Element("ccLastFour")!.Value));
    }

    [Fact]
    public async Task Known_prefix_of_a_type_the_gateway_does_not_accept_is_5003()
    {
        // 3530111333300000 is a Luhn-valid JCB test number.
        var reply = await _cheddar.NewCustomerAsync(Code(), "TEAM", ("subscription[ccNumber]", "3530111333300000"));
        reply.ShouldBeError(422, "Credit card type is not accepted", "5003");
    }

    [Fact]
    public async Task Signup_with_initial_items_charges_and_a_future_bill_date()
    {
        var billDate = DateTime.UtcNow.Date.AddDays(40).ToString("yyyy-MM-dd");
        var reply = await _cheddar.NewCustomerAsync(Code(), "PRO",
            ("items[0][itemCode]", "REPORTS"), ("items[0][quantity]", "510.5"),
            ("charges[a][chargeCode]", "ONBOARDING"), ("charges[a][quantity]", "2"), ("charges[a][eachAmount]", "15.50"), ("charges[a][description]", "Onboarding call"),
            ("subscription[initialBillDate]", billDate));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var customer = reply.Customer;
        Assert.Equal("510.5", customer.ItemQuantity("REPORTS"));
        var invoice = customer.Subscription().Invoice();
        Assert.Equal(billDate + "T00:00:00+00:00", invoice.Element("billingDatetime")!.Value);
        var reports = invoice.Charges().Single(c => c.Attribute("code")!.Value == "REPORTS");
        Assert.Equal(("item", "10.5", "0.05"), (reports.Element("type")!.Value, reports.Element("quantity")!.Value, reports.Element("eachAmount")!.Value));
        var custom = invoice.Charges().Single(c => c.Attribute("code")!.Value == "ONBOARDING");
        Assert.Matches("^[0-9a-f-]{36}$", custom.Attribute("id")!.Value);
        Assert.Equal(("2", "15.50", "Onboarding call"), (custom.Element("quantity")!.Value, custom.Element("eachAmount")!.Value, custom.Element("description")!.Value));
    }

    [Fact]
    public async Task Free_signup_with_more_reports_than_included_is_refused()
    {
        var reply = await _cheddar.NewCustomerAsync(Code(), "FREE", ("items[0][itemCode]", "REPORTS"), ("items[0][quantity]", "21"));
        reply.ShouldBeError(412, "'21' is not less than or equal to '20': items[0][quantity]", "items[0][quantity]:notLessThan");
    }

    [Fact]
    public async Task Pro_trial_may_start_without_a_card_but_team_may_not()
    {
        var code = Code();
        var trial = await _cheddar.PostAsync($"/xml/customers/new/{CheddarHttp.Product}",
            ("code", code), ("firstName", "A"), ("lastName", "B"), ("email", "a@example.com"), ("subscription[planCode]", "PRO"));
        Assert.Equal(HttpStatusCode.OK, trial.Status);
        Assert.Equal("", trial.Customer.Subscription().Element("ccLastFour")!.Value);
        var team = await _cheddar.PostAsync($"/xml/customers/new/{CheddarHttp.Product}",
            ("code", Code()), ("firstName", "A"), ("lastName", "B"), ("email", "a@example.com"), ("subscription[planCode]", "TEAM"));
        team.ShouldBeError(412, "A value is required: subscription[ccFirstName]", "subscription[ccFirstName]:isEmpty");
    }

    [Fact]
    public async Task Pro_without_a_card_billed_today_is_refused_because_only_a_trial_may_skip_the_card()
    {
        var code = Code();
        var reply = await _cheddar.PostAsync($"/xml/customers/new/{CheddarHttp.Product}",
            ("code", code), ("firstName", "A"), ("lastName", "B"), ("email", "a@example.com"), ("subscription[planCode]", "PRO"),
            ("subscription[initialBillDate]", DateTime.UtcNow.ToString("yyyy-MM-dd")));
        reply.ShouldBeError(412, "A value is required: subscription[ccFirstName]", "subscription[ccFirstName]:isEmpty");
        (await _cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}/code/{code}")).ShouldBeError(404, "Customer not found");
    }

    [Fact]
    public async Task Initial_bill_date_in_the_past_and_a_malformed_remote_address_are_refused()
    {
        (await _cheddar.NewCustomerAsync(Code(), "PRO", ("subscription[initialBillDate]", "2001-01-01")))
            .ShouldBeError(412, "'2001-01-01' is in the past: subscription[initialBillDate]", "subscription[initialBillDate]:dateInPast");
        (await _cheddar.NewCustomerAsync(Code(), "FREE", ("remoteAddress", "not-an-ip")))
            .ShouldBeError(412, "'not-an-ip' is not a valid IP address: remoteAddress", "remoteAddress:notIpAddress");
        Assert.Equal(HttpStatusCode.OK, (await _cheddar.NewCustomerAsync(Code(), "FREE", ("remoteAddress", "203.0.113.7"))).Status);
    }

    [Fact]
    public async Task Unknown_parameters_are_ignored_as_cheddar_does_so_old_clients_can_force_a_post()
    {
        var reply = await _cheddar.NewCustomerAsync(Code(), "FREE", ("bogus", "make this a post"));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }
}
