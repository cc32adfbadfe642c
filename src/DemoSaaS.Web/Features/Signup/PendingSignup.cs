namespace DemoSaaS.Web.Features.Signup;

/// <summary>
/// Written (and synced) before signup calls customers/new and removed in the same transaction that creates the local
/// user. While it exists, a Cheddar customer with this code may exist without a local user (Cheddar's answer never
/// arrived, or the local step failed), and it holds what it takes to finish the account without the user:
/// <see cref="PendingSignupCleanup"/> completes the account when Cheddar has the customer, and only removes a customer
/// Cheddar never created or one that took no money. Never the card or the plain password: the password is kept as
/// Identity's hash, exactly as the user row will hold it.
/// </summary>
public sealed class PendingSignup
{
    /// <summary>The Cheddar customer code, which is the id the local user will have.</summary>
    public required string CustomerCode { get; set; }

    /// <summary>
    /// Identity's normalized form of <see cref="Email"/>; unique, so there is one signup in flight per email across
    /// every process on the database (a second submit waits for the first, see <see cref="SignupService"/>). Null once
    /// the row is <see cref="PendingSignupState.Abandoned"/>, which frees the email for a new attempt.
    /// </summary>
    public string? NormalizedEmail { get; set; }

    /// <summary>The email as typed: the user name and email of the account to complete.</summary>
    public string? Email { get; set; }

    /// <summary>Identity's password hash for the account to complete (null for an abandoned signup).</summary>
    public string? PasswordHash { get; set; }

    public PendingSignupState State { get; set; }

    public DateTime StartedAtUtc { get; set; }

    public int CleanupAttempts { get; set; }

    public DateTime? NextCleanupAtUtc { get; set; }

    public string? LastError { get; set; }
}
