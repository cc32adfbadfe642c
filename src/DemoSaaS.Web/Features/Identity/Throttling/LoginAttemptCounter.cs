namespace DemoSaaS.Web.Features.Identity.Throttling;

/// <summary>
/// Failed logins for one account from one client address (docs/decisions/0007-login-throttling.md). Kept in the
/// app's database so every instance behind a load balancer sees the same counts.
/// </summary>
public sealed class LoginAttemptCounter
{
    /// <summary>SHA-256 (hex) of the normalized login name: the table holds no address of someone who never signed up.</summary>
    public required string AccountKey { get; set; }

    /// <summary>The client's IPv4 address, or its IPv6 /64 network (one subscriber's whole allocation).</summary>
    public required string ClientKey { get; set; }

    /// <summary>Attempts that have not (yet) succeeded; an attempt counts from the moment it is let through.</summary>
    public int Failures { get; set; }

    public DateTime LastFailureAtUtc { get; set; }

    /// <summary>Before this time the next attempt from this address for this account is refused unchecked.</summary>
    public DateTime? NextAttemptAtUtc { get; set; }
}
