using System.ComponentModel.DataAnnotations;

namespace DemoSaaS.Web.Features.Account;

/// <summary>The account page's settings, bound from the "Account" section and validated at start.</summary>
public sealed class AccountOptions
{
    public const string SectionName = "Account";

    /// <summary>Charge code of the report pack line on its one-time invoice; gating finds paid packs by it.</summary>
    [Required, StringLength(36, MinimumLength = 1)]
    public string ReportPackChargeCode { get; set; } = "REPORT_PACK";

    /// <summary>The tracked item a report pack adds to.</summary>
    [Required]
    public string ReportPackItemCode { get; set; } = "REPORTS";

    /// <summary>Extra units one pack adds to this period's included quantity.</summary>
    [Range(1, 1_000_000)]
    public int ReportPackUnits { get; set; } = 100;

    /// <summary>Price of one pack, charged at once.</summary>
    [Range(typeof(decimal), "0.01", "100000")]
    public decimal ReportPackPrice { get; set; } = 4.00m;

    /// <summary>How many webhook events the page lists.</summary>
    [Range(1, 200)]
    public int RecentEventCount { get; set; } = 10;
}
