namespace DemoSaaS.Cheddar.Requests;

/// <summary>Cheddar's wire values of our request enums.</summary>
internal static class WireValues
{
    public static string? Of(PaymentMethod? method) => method switch
    {
        null => null,
        PaymentMethod.CreditCard => "cc",
        PaymentMethod.PayPal => "paypal",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown payment method."),
    };

    public static string Of(InvoicePeriod period) => period switch
    {
        InvoicePeriod.Current => "current",
        InvoicePeriod.Outstanding => "outstanding",
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown invoice period."),
    };
}
