namespace DemoSaaS.Web.Features.Operations;

/// <summary>Who operates the app; bound from the "Operations" configuration section.</summary>
public sealed class OperationsOptions
{
    public const string SectionName = "Operations";

    /// <summary>The Identity role that may open /admin/billing.</summary>
    public const string AdminRole = "Admin";

    /// <summary>
    /// Emails of the first administrators: a user with a confirmed email on this list is given the
    /// <see cref="AdminRole"/> role when they sign in (e.g. <c>Operations__AdminEmails__0=ops@example.com</c>).
    /// Empty by default: nobody is an administrator until configured.
    /// </summary>
    public string[] AdminEmails { get; set; } = [];
}
