using System.ComponentModel.DataAnnotations;

namespace DemoSaaS.Web.Features.Account;

/// <summary>
/// The account page's settings, bound from the "Account" section and validated at start. The report pack it sells is
/// billing's (<see cref="Billing.Usage.ReportPackOptions"/>).
/// </summary>
public sealed class AccountOptions
{
    public const string SectionName = "Account";

    /// <summary>How many webhook events the page lists.</summary>
    [Range(1, 200)]
    public int RecentEventCount { get; set; } = 10;
}
