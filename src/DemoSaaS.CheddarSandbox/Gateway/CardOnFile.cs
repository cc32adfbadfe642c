namespace DemoSaaS.CheddarSandbox.Gateway;

/// <summary>What the sandbox keeps of a validated card: never the number or the CVV.</summary>
public sealed record CardOnFile(string Type, string LastFour, DateTimeOffset ExpirationDate);
