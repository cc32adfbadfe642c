namespace DemoSaaS.Cheddar.Models;

/// <summary>Usage of one tracked item against what the plan includes.</summary>
public sealed record ItemUsage
{
    public required string ItemCode { get; init; }
    public string? Name { get; init; }
    public decimal Used { get; init; }
    public decimal Included { get; init; }

    /// <summary>Price per unit above <see cref="Included"/>; 0 means the plan refuses usage beyond it.</summary>
    public decimal OverageAmount { get; init; }

    public bool IsUnlimited { get; init; }

    public decimal Remaining => IsUnlimited ? decimal.MaxValue : Math.Max(0, Included - Used);

    /// <summary>Units billed as overage at period close.</summary>
    public decimal OverageQuantity => IsUnlimited ? 0 : Math.Max(0, Used - Included);

    public decimal OverageCost => OverageQuantity * OverageAmount;
}
