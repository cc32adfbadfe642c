namespace DemoSaaS.Cheddar.Requests;

/// <summary>How a subscription pays (<c>subscription[method]</c>).</summary>
public enum PaymentMethod
{
    CreditCard,
    PayPal,
}
