namespace DemoSaaS.Web.Features.Identity.Throttling;

/// <summary>
/// The throttle's answer before a password is checked. <see cref="Allowed"/>: check it, and <see cref="Wait"/> is what
/// the next attempt must wait should this one fail. Not allowed: refuse unchecked, <see cref="Wait"/> is the time left.
/// </summary>
public readonly record struct LoginAttemptSlot(bool Allowed, TimeSpan Wait)
{
    /// <summary>"30 seconds", "2 minutes": rounded up, for the login page.</summary>
    public string WaitText => Wait < TimeSpan.FromMinutes(1)
        ? Plural((int)Math.Ceiling(Math.Max(Wait.TotalSeconds, 1)), "second")
        : Plural((int)Math.Ceiling(Wait.TotalMinutes), "minute");

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";
}
