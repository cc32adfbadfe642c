namespace DemoSaaS.Cheddar.Models;

/// <summary>The payment gateway account a subscription or transaction went through.</summary>
public sealed record GatewayAccount
{
    public string? Id { get; init; }

    /// <summary>e.g. <c>PayPal_Simulator</c>.</summary>
    public string? Gateway { get; init; }

    /// <summary><c>cc</c> or <c>paypal</c>.</summary>
    public string? Type { get; init; }
}
