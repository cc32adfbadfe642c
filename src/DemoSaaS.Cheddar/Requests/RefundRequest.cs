namespace DemoSaaS.Cheddar.Requests;

/// <summary>A full or partial refund of a paid invoice (<c>invoices/refund</c>).</summary>
public sealed record RefundRequest
{
    /// <summary>Cheddar's invoice number.</summary>
    public required int InvoiceNumber { get; init; }

    /// <summary>At most the refundable amount (the original minus earlier partial refunds).</summary>
    public required decimal Amount { get; init; }

    public string? RemoteAddress { get; init; }

    internal Dictionary<string, string> ToForm() => new CheddarForm()
        .Add("number", InvoiceNumber)
        .AddMoney("amount", Amount)
        .Add("remoteAddress", RemoteAddress)
        .Fields;
}
