using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Signup;
using Microsoft.AspNetCore.Identity;

namespace DemoSaaS.Tests.Shared;

/// <summary>The row a signup writes before calling Cheddar, for tests of what settles it later.</summary>
public static class StalePendingSignup
{
    /// <summary>
    /// Customer <paramref name="code"/>'s row with email <c>{code}@example.com</c> and <paramref name="password"/>'s hash, an
    /// hour old (older than any settle time): its request gave up or is very slow.
    /// </summary>
    public static PendingSignup Row(string code, string password)
    {
        var email = $"{code}@example.com";
        return new PendingSignup
        {
            CustomerCode = code,
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            PasswordHash = new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser { Id = code }, password),
            State = PendingSignupState.Started,
            StartedAtUtc = DateTime.UtcNow.AddHours(-1),
        };
    }
}
