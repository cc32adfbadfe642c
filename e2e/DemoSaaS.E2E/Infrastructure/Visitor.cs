namespace DemoSaaS.E2E.Infrastructure;

/// <summary>A fresh person for one journey: unique email, so journeys sharing one app never meet.</summary>
public sealed record Visitor
{
    public const string DefaultPassword = "Str0ng!Passw0rd";

    public required string FirstName { get; init; }
    public required string LastName { get; init; }
    public required string Email { get; init; }
    public string Password { get; init; } = DefaultPassword;

    public static Visitor New(string journey) => new()
    {
        FirstName = "Ada",
        LastName = journey,
        Email = $"{journey.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com",
    };
}
