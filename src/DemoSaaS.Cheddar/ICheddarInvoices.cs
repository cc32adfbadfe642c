using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;

namespace DemoSaaS.Cheddar;

/// <summary>One-time invoices, refunds and voids. Money moves, so none of these is retried automatically.</summary>
public interface ICheddarInvoices
{
    /// <summary>Creates a separate invoice and charges it now; a decline is a 422 <see cref="CheddarException"/> carrying the customer.</summary>
    Task<Customer> CreateOneTimeAsync(string customerCode, OneTimeInvoiceRequest request, CancellationToken cancellationToken = default);

    Task<Customer> RefundAsync(RefundRequest request, CancellationToken cancellationToken = default);

    /// <summary>Voids an invoice's payment (before settlement only).</summary>
    Task<Customer> VoidAsync(int invoiceNumber, CancellationToken cancellationToken = default);

    /// <summary>Lets Cheddar void or, after settlement, fully refund.</summary>
    Task<Customer> VoidOrRefundAsync(int invoiceNumber, CancellationToken cancellationToken = default);

    /// <summary>Resends the invoice's receipt or decline notice e-mail.</summary>
    Task<Customer> SendEmailAsync(int invoiceNumber, CancellationToken cancellationToken = default);
}
