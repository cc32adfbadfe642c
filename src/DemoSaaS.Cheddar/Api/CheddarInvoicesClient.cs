using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Cheddar.Api;

internal sealed class CheddarInvoicesClient(ICheddarInvoicesApi api, IOptionsMonitor<CheddarOptions> options) : ICheddarInvoices
{
    private string Product => options.CurrentValue.ProductCode;

    public async Task<Customer> CreateOneTimeAsync(string customerCode, OneTimeInvoiceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerCode);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Charges.Count == 0)
        {
            throw new ArgumentException("A one-time invoice needs at least one charge.", nameof(request));
        }
        return CheddarResults.SingleCustomer(await api.CreateOneTime(Product, customerCode, request.ToForm(), cancellationToken));
    }

    public async Task<Customer> RefundAsync(RefundRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CheddarResults.SingleCustomer(await api.Refund(Product, request.ToForm(), cancellationToken));
    }

    public async Task<Customer> VoidAsync(int invoiceNumber, CancellationToken cancellationToken = default) =>
        CheddarResults.SingleCustomer(await api.Void(Product, InvoiceForm(invoiceNumber), cancellationToken));

    public async Task<Customer> VoidOrRefundAsync(int invoiceNumber, CancellationToken cancellationToken = default) =>
        CheddarResults.SingleCustomer(await api.VoidOrRefund(Product, InvoiceForm(invoiceNumber), cancellationToken));

    public async Task<Customer> SendEmailAsync(int invoiceNumber, CancellationToken cancellationToken = default) =>
        CheddarResults.SingleCustomer(await api.SendEmail(Product, InvoiceForm(invoiceNumber), cancellationToken));

    private static Dictionary<string, string> InvoiceForm(int invoiceNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(invoiceNumber);
        return new CheddarForm().Add("number", invoiceNumber).Fields;
    }
}
