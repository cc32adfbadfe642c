using DemoSaaS.Cheddar.Requests;

namespace DemoSaaS.Cheddar.Tests.Sandbox;

/// <summary>Signup requests on the sandbox's default catalog, with unique customer codes per test.</summary>
internal static class Signups
{
    public static PaymentCard Visa => new() { Number = "4111111111111111", ExpirationMonth = 12, ExpirationYear = DateTime.UtcNow.Year + 3, CardCode = "123" };

    public static PaymentCard MasterCard => Visa with { Number = "5424000000000015" };

    public static string NewCode(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)];

    public static NewCustomerRequest Free(string code) => new()
    {
        Code = code,
        FirstName = "Free",
        LastName = "Tester",
        Email = $"{code}@example.com",
        Subscription = new NewSubscriptionRequest { PlanCode = "FREE" },
    };

    /// <summary>A paid signup; <paramref name="zip"/> 0XXXX fails now with XXXX, 1XXXX fails later charges (sandbox convention).</summary>
    public static NewCustomerRequest Paid(string code, string plan = "PRO", string zip = "12345", PaymentCard? card = null, string? coupon = null) => new()
    {
        Code = code,
        FirstName = "Paid",
        LastName = "Tester",
        Email = $"{code}@example.com",
        Subscription = new NewSubscriptionRequest
        {
            PlanCode = plan,
            CouponCode = coupon,
            Card = card ?? Visa,
            CardHolder = new CardHolder { FirstName = "Paid", LastName = "Tester", Zip = zip, Country = "US" },
        },
    };
}
