namespace DemoSaaS.Web.Features.DemoUsers;

/// <summary>Bound from "DemoUsers". Seeding also needs Development and the sandbox (never with Cheddar:Mode Real).</summary>
public sealed class DemoUsersOptions
{
    public const string SectionName = "DemoUsers";

    /// <summary>
    /// Whether to create the demo users on start. Set by the <c>http</c> launch profile, so <c>dotnet run</c> seeds
    /// them; test hosts (which run in Development too) stay empty unless they ask.
    /// </summary>
    public bool Enabled { get; set; }
}
