using System.ComponentModel.DataAnnotations;

namespace DemoSaaS.Web.Infrastructure.Security;

/// <summary>Limits on the credential forms; bound from the "Security" configuration section.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Submissions of the login, password-reset and two-factor forms per client address and minute; more get 429.</summary>
    [Range(1, 100_000)]
    public int CredentialPermitsPerMinute { get; set; } = 10;
}
