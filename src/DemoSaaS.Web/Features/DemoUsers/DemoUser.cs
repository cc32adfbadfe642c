namespace DemoSaaS.Web.Features.DemoUsers;

/// <summary>One seeded demo account: its plan, e-mail and name (listed in the README).</summary>
public sealed record DemoUser(string PlanCode, string Email, string FirstName, string LastName)
{
    /// <summary>One per plan. Names are from the roadmap's examples; example.com never receives mail.</summary>
    public static readonly IReadOnlyList<DemoUser> All =
    [
        new("FREE", "free@demo.example.com", "Bill", "Lumberg"),
        new("PRO", "pro@demo.example.com", "Milton", "Waddams"),
        new("TEAM", "team@demo.example.com", "Peter", "Gibbons"),
    ];
}
