namespace DemoSaaS.Cheddar.Requests;

/// <summary>A separate invoice charged immediately to the customer's current payment method (<c>invoices/new</c>).</summary>
public sealed record OneTimeInvoiceRequest
{
    /// <summary>At least one line.</summary>
    public required IReadOnlyList<ChargeRequest> Charges { get; init; }

    public string? RemoteAddress { get; init; }

    internal Dictionary<string, string> ToForm() =>
        new CheddarForm().AddCharges(Charges).Add("remoteAddress", RemoteAddress).Fields;
}
