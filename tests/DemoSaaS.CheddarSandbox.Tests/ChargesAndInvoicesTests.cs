using System.Net;

namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>Custom charges, one-time invoices, refunds, voids and invoice e-mails.</summary>
public sealed class ChargesAndInvoicesTests(SandboxServer sandbox) : IClassFixture<SandboxServer>
{
    private readonly CheddarHttp _cheddar = CheddarHttp.For(sandbox);

    private static string Code() => "v-" + Guid.NewGuid().ToString("N")[..12];

    private static string Value(System.Xml.Linq.XElement element, string name) => element.Element(name)!.Value;

    [Fact]
    public async Task Add_charge_puts_a_line_with_a_real_id_on_the_current_invoice_and_delete_charge_removes_it()
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "PRO");
        var added = await _cheddar.PostAsync($"/xml/customers/add-charge/{CheddarHttp.Product}/code/{code}",
            ("chargeCode", "CREDIT"), ("quantity", "1"), ("eachAmount", "-8.00"), ("description", "Sorry for the outage"));
        Assert.Equal(HttpStatusCode.OK, added.Status);
        var line = added.Customer.Subscription().Invoice().Charges().Single(c => c.Attribute("code")!.Value == "CREDIT");
        Assert.Equal(("custom", "1", "-8.00", "Sorry for the outage"), (Value(line, "type"), Value(line, "quantity"), Value(line, "eachAmount"), Value(line, "description")));
        var id = line.Attribute("id")!.Value;
        Assert.Matches("^[0-9a-f-]{36}$", id);

        var deleted = await _cheddar.PostAsync($"/xml/customers/delete-charge/{CheddarHttp.Product}/code/{code}", ("chargeId", id));
        Assert.DoesNotContain(deleted.Customer.Subscription().Invoice().Charges(), c => c.Attribute("code")!.Value == "CREDIT");
        (await _cheddar.PostAsync($"/xml/customers/delete-charge/{CheddarHttp.Product}/code/{code}", ("chargeId", id)))
            .ShouldBeError(404, $"Charge not found (id={id})");
    }

    [Theory]
    [InlineData(new[] { "quantity", "1", "eachAmount", "2" }, "A value is required: chargeCode", "chargeCode:isEmpty")]
    [InlineData(new[] { "chargeCode", "X", "eachAmount", "2" }, "A value is required: quantity", "quantity:isEmpty")]
    [InlineData(new[] { "chargeCode", "X", "quantity", "1" }, "A value is required: eachAmount", "eachAmount:isEmpty")]
    [InlineData(new[] { "chargeCode", "X", "quantity", "1.5", "eachAmount", "2" }, "'1.5' is not a positive whole number: quantity", "quantity:notDigits")]
    [InlineData(new[] { "chargeCode", "X", "quantity", "1", "eachAmount", "2.001" }, "'2.001' is not an amount with at most 2 decimals: eachAmount", "eachAmount:notFloat")]
    [InlineData(new[] { "chargeCode", "X", "quantity", "1", "eachAmount", "two" }, "'two' is not an amount with at most 2 decimals: eachAmount", "eachAmount:notFloat")]
    public async Task Bad_charges_are_refused_in_Cheddars_order_and_add_nothing(string[] fields, string message, string auxCode)
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "PRO");
        var form = fields.Chunk(2).Select(p => (p[0], p[1])).ToArray();
        (await _cheddar.PostAsync($"/xml/customers/add-charge/{CheddarHttp.Product}/code/{code}", form)).ShouldBeError(412, message, auxCode);
        Assert.Equal(3, (await _cheddar.CustomerAsync(code)).Subscription().Invoice().Charges().Count());
    }

    [Fact]
    public async Task One_time_invoice_is_charged_at_once_and_listed_after_the_current_invoice()
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "PRO");
        var reply = await _cheddar.PostAsync($"/xml/invoices/new/{CheddarHttp.Product}/code/{code}",
            ("charges[0][chargeCode]", "CONSULTING"), ("charges[0][quantity]", "2"), ("charges[0][eachAmount]", "50.00"),
            ("charges[1][chargeCode]", "DISCOUNT"), ("charges[1][quantity]", "1"), ("charges[1][eachAmount]", "-10.00"));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var invoices = reply.Customer.Subscription().Element("invoices")!.Elements("invoice").ToList();
        Assert.Equal(["subscription", "one-time"], invoices.Select(i => Value(i, "type")));
        var transaction = invoices[1].Element("transactions")!.Element("transaction")!;
        Assert.Equal(("90.00", "approved"), (Value(transaction, "amount"), Value(transaction, "response")));
        Assert.Equal(transaction.Attribute("id")!.Value, Value(invoices[1], "paidTransactionId"));
        Assert.Empty(invoices[0].Element("transactions")?.Elements() ?? []);
    }

    [Fact]
    public async Task One_time_invoice_needs_a_charge_and_a_card()
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "FREE");
        (await _cheddar.PostAsync($"/xml/invoices/new/{CheddarHttp.Product}/code/{code}"))
            .ShouldBeError(412, "A value is required: charges[0][chargeCode]", "charges[0][chargeCode]:isEmpty");
        (await _cheddar.PostAsync($"/xml/invoices/new/{CheddarHttp.Product}/code/{code}", ("charges[0][chargeCode]", "X"), ("charges[0][quantity]", "1")))
            .ShouldBeError(412, "A value is required: charges[0][eachAmount]", "charges[0][eachAmount]:isEmpty");
        var declined = await _cheddar.PostAsync($"/xml/invoices/new/{CheddarHttp.Product}/code/{code}",
            ("charges[0][chargeCode]", "X"), ("charges[0][quantity]", "1"), ("charges[0][eachAmount]", "5.00"));
        declined.ShouldBeError(422, "The transaction was declined", "6000");
        Assert.Equal("customer", declined.Root.Elements().Last().Name.LocalName);
    }

    [Fact]
    public async Task Refund_partially_then_refuse_more_than_what_is_left()
    {
        var code = Code();
        var customer = (await _cheddar.NewCustomerAsync(code, "TEAM")).Customer;
        var number = Value(customer.Subscription().Invoice(1), "number");
        var refunded = await _cheddar.PostAsync($"/xml/invoices/refund/{CheddarHttp.Product}", ("number", number), ("amount", "20.00"));
        Assert.Equal(HttpStatusCode.OK, refunded.Status);
        var transactions = refunded.Customer.Subscription().Invoice(1).Element("transactions")!.Elements("transaction").ToList();
        Assert.Equal(2, transactions.Count);
        Assert.Equal(transactions[0].Attribute("id")!.Value, Value(transactions[1], "parentId"));
        Assert.Equal(("20.00", "SIMULATED refund"), (Value(transactions[1], "amount"), Value(transactions[1], "memo")));

        (await _cheddar.PostAsync($"/xml/invoices/refund/{CheddarHttp.Product}", ("number", number), ("amount", "30.00")))
            .ShouldBeError(412, "'30.00' is not less than or equal to '29.00': amount", "amount:notLessThan");
        (await _cheddar.PostAsync($"/xml/invoices/refund/{CheddarHttp.Product}", ("number", number)))
            .ShouldBeError(412, "A value is required: amount", "amount:isEmpty");
        (await _cheddar.PostAsync($"/xml/invoices/void/{CheddarHttp.Product}", ("number", number)))
            .ShouldBeError(422, "The transaction has settled or was partly refunded and can no longer be voided; refund it instead", "5000");
        var rest = await _cheddar.PostAsync($"/xml/invoices/void-or-refund/{CheddarHttp.Product}/number/{number}");
        Assert.Equal("29.00", Value(rest.Customer.Subscription().Invoice(1).Element("transactions")!.Elements("transaction").Last(), "amount"));
        (await _cheddar.PostAsync($"/xml/invoices/void-or-refund/{CheddarHttp.Product}/number/{number}"))
            .ShouldBeError(400, "The invoice has already been fully refunded");
    }

    [Fact]
    public async Task Void_before_settlement_voids_the_whole_invoice_by_id()
    {
        var code = Code();
        var customer = (await _cheddar.NewCustomerAsync(code, "TEAM")).Customer;
        var id = customer.Subscription().Invoice(1).Attribute("id")!.Value;
        var voided = await _cheddar.PostAsync($"/xml/invoices/void/{CheddarHttp.Product}", ("id", id));
        Assert.Equal(HttpStatusCode.OK, voided.Status);
        var last = voided.Customer.Subscription().Invoice(1).Element("transactions")!.Elements("transaction").Last();
        Assert.Equal(("49.00", "SIMULATED void"), (Value(last, "amount"), Value(last, "memo")));
        (await _cheddar.PostAsync($"/xml/invoices/refund/{CheddarHttp.Product}", ("id", id), ("amount", "1.00")))
            .ShouldBeError(400, "The invoice has been voided");
    }

    [Fact]
    public async Task Invoice_calls_need_a_known_paid_invoice()
    {
        var code = Code();
        var customer = (await _cheddar.NewCustomerAsync(code, "PRO")).Customer;
        var open = Value(customer.Subscription().Invoice(), "number");
        (await _cheddar.PostAsync($"/xml/invoices/refund/{CheddarHttp.Product}", ("number", open), ("amount", "1.00")))
            .ShouldBeError(400, "The invoice has not been paid: there is no transaction to refund or void");
        (await _cheddar.PostAsync($"/xml/invoices/void/{CheddarHttp.Product}", ("number", "999999")))
            .ShouldBeError(404, "Invoice not found (number=999999)");
        (await _cheddar.PostAsync($"/xml/invoices/send-email/{CheddarHttp.Product}"))
            .ShouldBeError(412, "A value is required: number", "number:isEmpty");
        var email = await _cheddar.PostAsync($"/xml/invoices/send-email/{CheddarHttp.Product}", ("number", open));
        Assert.Equal(code, email.Customer.Attribute("code")!.Value);
    }

    [Fact]
    public async Task Run_outstanding_without_an_outstanding_invoice_is_404()
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "PRO");
        (await _cheddar.PostAsync($"/xml/customers/run-outstanding/{CheddarHttp.Product}/code/{code}")).ShouldBeError(404, "No outstanding invoice found");
    }
}
