using System.ComponentModel.DataAnnotations;

namespace DemoSaaS.Web.Features.Billing.Usage;

/// <summary>
/// The report pack (docs/decisions/0004-report-pack-quota.md): what the account page sells and what gating and the
/// usage relay count as bought. Bound from "Billing:ReportPack" and validated at start.
/// </summary>
public sealed class ReportPackOptions
{
    public const string SectionName = "Billing:ReportPack";

    /// <summary>Charge code of the pack's line on its one-time invoice; paid packs are found by it.</summary>
    [Required, StringLength(36, MinimumLength = 1)]
    public string ChargeCode { get; set; } = "REPORT_PACK";

    /// <summary>The tracked item a pack adds to.</summary>
    [Required]
    public string ItemCode { get; set; } = "REPORTS";

    /// <summary>Extra units one pack adds to this period's allowance.</summary>
    [Range(1, 1_000_000)]
    public int Units { get; set; } = 100;

    /// <summary>Price of one pack, charged at once.</summary>
    [Range(typeof(decimal), "0.01", "100000")]
    public decimal Price { get; set; } = 4.00m;
}
