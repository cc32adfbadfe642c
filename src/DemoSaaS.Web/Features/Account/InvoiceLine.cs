using DemoSaaS.Cheddar.Models;

namespace DemoSaaS.Web.Features.Account;

/// <summary>One invoice in the history, with its status as the customer should read it.</summary>
public sealed record InvoiceLine
{
    public required Invoice Invoice { get; init; }
    public required InvoiceStatus Status { get; init; }
    public bool IsOneTime => string.Equals(Invoice.Type, Invoice.OneTimeType, StringComparison.Ordinal);
    public decimal Total => Math.Max(0, Invoice.Total);
}
