namespace DemoSaaS.Cheddar.Requests;

/// <summary>A custom charge or credit on the subscription's invoice (<c>customers/add-charge</c>).</summary>
public sealed record AddChargeRequest
{
    public required ChargeRequest Charge { get; init; }
    public InvoicePeriod InvoicePeriod { get; init; } = InvoicePeriod.Current;
    public string? RemoteAddress { get; init; }

    internal Dictionary<string, string> ToForm() => new CheddarForm()
        .Add("chargeCode", Charge.ChargeCode)
        .Add("quantity", Charge.Quantity)
        .AddMoney("eachAmount", Charge.EachAmount)
        .Add("description", Charge.Description)
        .Add("invoicePeriod", WireValues.Of(InvoicePeriod))
        .Add("remoteAddress", RemoteAddress)
        .Fields;
}
