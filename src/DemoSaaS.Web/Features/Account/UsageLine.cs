namespace DemoSaaS.Web.Features.Account;

/// <summary>Usage of one tracked item this period against what the plan (and any report packs) include.</summary>
public sealed record UsageLine
{
    public required string ItemCode { get; init; }
    public required string Name { get; init; }
    public decimal Used { get; init; }

    /// <summary>What the plan includes per period.</summary>
    public decimal Included { get; init; }

    /// <summary>Extra units bought as report packs this period.</summary>
    public decimal PackCredit { get; init; }

    /// <summary>Price per unit above the allowance; 0 means usage stops at the allowance.</summary>
    public decimal OverageAmount { get; init; }

    public bool IsUnlimited { get; init; }

    public decimal Allowance => Included + PackCredit;

    public decimal OverageQuantity => IsUnlimited ? 0 : Math.Max(0, Used - Allowance);

    public decimal OverageCost => OverageQuantity * OverageAmount;

    /// <summary>0–100 for the progress bar.</summary>
    public double Percent => IsUnlimited || Allowance <= 0 ? 0 : (double)Math.Min(100m, Used * 100m / Allowance);

    public bool IsAtLimit => !IsUnlimited && OverageAmount == 0 && Used >= Allowance;
}
