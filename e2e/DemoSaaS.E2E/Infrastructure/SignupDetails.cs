namespace DemoSaaS.E2E.Infrastructure;

/// <summary>What a visitor types into the signup form.</summary>
public sealed record SignupDetails
{
    public required Visitor Visitor { get; init; }
    public required string Plan { get; init; }
    public TestCard? Card { get; init; }

    /// <summary>The sandbox's gateway reads the billing zip: 0XXXX declines at once with auxCode XXXX.</summary>
    public string Zip { get; init; } = "90210";

    public string? Coupon { get; init; }
}
