namespace DemoSaaS.Cheddar.Models;

/// <summary>What a promotion gives, e.g. <c>percentage</c> 20 for 3 months.</summary>
public sealed record Incentive
{
    public const string PercentageType = "percentage";

    public string? Id { get; init; }

    /// <summary><c>percentage</c> is the documented type; others are passed through as named.</summary>
    public string? Type { get; init; }

    public decimal? Percentage { get; init; }

    /// <summary>Billing months the incentive lasts; 0 means for ever.</summary>
    public int? Months { get; init; }

    public DateTimeOffset? CreatedDatetime { get; init; }
}
