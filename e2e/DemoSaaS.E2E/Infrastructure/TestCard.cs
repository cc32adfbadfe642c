namespace DemoSaaS.E2E.Infrastructure;

/// <summary>A card the sandbox's simulated gateway approves, and the type Cheddar records for it.</summary>
public sealed record TestCard(string Name, string Number, string CheddarType, string Cvv)
{
    public static TestCard Visa { get; } = new("Visa", "4111111111111111", "visa", "123");
    public static TestCard MasterCard { get; } = new("MasterCard", "5424000000000015", "mc", "123");
    public static TestCard Discover { get; } = new("Discover", "6011000000000012", "disc", "123");
    public static TestCard Amex { get; } = new("Amex", "370000000000002", "amex", "1234");

    public static IReadOnlyList<TestCard> All { get; } = [Visa, MasterCard, Discover, Amex];

    public string LastFour => Number[^4..];

    /// <summary>Any future expiry approves; December of a year comfortably ahead.</summary>
    public static string Expiry => $"12/{DateTime.UtcNow.Year + 4}";
}
