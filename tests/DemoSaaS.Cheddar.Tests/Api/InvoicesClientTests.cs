using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.Cheddar.Tests.Sandbox;

namespace DemoSaaS.Cheddar.Tests.Api;

public sealed class InvoicesClientTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly OneTimeInvoiceRequest ReportPack = new()
    {
        Charges = [new ChargeRequest { ChargeCode = "REPORT_PACK", Quantity = 2, EachAmount = 9.00m, Description = "100 reports" }],
    };

    private async Task<(string Code, Invoice Invoice)> BuyReportPack(string zip = "12345")
    {
        var code = (await sandbox.Customers.CreateAsync(Signups.Paid(Signups.NewCode("buyer"), zip: zip), Ct)).Code;
        var customer = await sandbox.Invoices.CreateOneTimeAsync(code, ReportPack, Ct);
        return (code, customer.CurrentSubscription!.Invoices.Single(i => i.Type == Invoice.OneTimeType));
    }

    [Fact]
    public async Task A_one_time_purchase_is_charged_at_once_on_its_own_invoice()
    {
        var (_, invoice) = await BuyReportPack();

        Assert.True(invoice.IsPaid);
        Assert.Equal(18.00m, invoice.Total);
        Assert.Equal(18.00m, Assert.Single(invoice.Transactions, t => t.IsApproved).Amount);
    }

    [Fact]
    public async Task A_declined_one_time_purchase_returns_the_customer_with_the_unpaid_invoice()
    {
        var code = (await sandbox.Customers.CreateAsync(Signups.Paid(Signups.NewCode("broke"), zip: "16000"), Ct)).Code;

        var error = await Assert.ThrowsAsync<CheddarException>(() => sandbox.Invoices.CreateOneTimeAsync(code, ReportPack, Ct));

        Assert.True(error.IsGatewayDecline);
        Assert.Contains(error.Customer!.CurrentSubscription!.Invoices, i => i.Type == Invoice.OneTimeType && !i.IsPaid);
    }

    [Fact]
    public async Task A_one_time_invoice_without_charges_is_refused_before_any_call()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => sandbox.Invoices.CreateOneTimeAsync("someone", new OneTimeInvoiceRequest { Charges = [] }, Ct));
    }

    [Fact]
    public async Task A_partial_refund_is_recorded_and_more_than_is_left_is_refused()
    {
        var (_, invoice) = await BuyReportPack();

        var refunded = await sandbox.Invoices.RefundAsync(new RefundRequest { InvoiceNumber = invoice.Number, Amount = 8.00m }, Ct);
        var after = refunded.CurrentSubscription!.Invoices.Single(i => i.Number == invoice.Number);
        Assert.Contains(after.Transactions, t => t.Amount is 8.00m or -8.00m && t.ParentId is not null);

        var error = await Assert.ThrowsAsync<CheddarException>(() =>
            sandbox.Invoices.RefundAsync(new RefundRequest { InvoiceNumber = invoice.Number, Amount = 10.01m }, Ct));
        Assert.Equal("amount", error.FieldName);
    }

    [Fact]
    public async Task Void_before_settlement_and_void_or_refund_after_it()
    {
        var (_, first) = await BuyReportPack();
        var (_, second) = await BuyReportPack();

        var voided = await sandbox.Invoices.VoidAsync(first.Number, Ct);
        Assert.True(voided.CurrentSubscription!.Invoices.Single(i => i.Number == first.Number).Transactions.Count > 1);

        var undone = await sandbox.Invoices.VoidOrRefundAsync(second.Number, Ct);
        Assert.True(undone.CurrentSubscription!.Invoices.Single(i => i.Number == second.Number).Transactions.Count > 1);
    }

    [Fact]
    public async Task Send_email_answers_with_the_invoices_customer()
    {
        var (code, invoice) = await BuyReportPack();

        Assert.Equal(code, (await sandbox.Invoices.SendEmailAsync(invoice.Number, Ct)).Code);
    }

    [Fact]
    public async Task An_unknown_invoice_is_not_found()
    {
        var error = await Assert.ThrowsAsync<CheddarException>(() => sandbox.Invoices.VoidAsync(999999, Ct));

        Assert.True(error.IsNotFound);
    }
}
