namespace DemoSaaS.Web.Features.Signup;

/// <summary>
/// Written before signup calls customers/new and removed in the same transaction that creates the local user.
/// While it exists, a Cheddar customer with this code may exist without a local user (the local step failed, or
/// Cheddar's answer never arrived), and <see cref="PendingSignupCleanup"/> deletes that customer once the signup
/// can no longer complete.
/// </summary>
public sealed class PendingSignup
{
    /// <summary>The Cheddar customer code, which is the id the local user would have had.</summary>
    public required string CustomerCode { get; set; }

    public DateTime StartedAtUtc { get; set; }

    public int CleanupAttempts { get; set; }

    public DateTime? NextCleanupAtUtc { get; set; }

    public string? LastError { get; set; }
}
