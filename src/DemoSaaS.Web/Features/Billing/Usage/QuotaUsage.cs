namespace DemoSaaS.Web.Features.Billing.Usage;

/// <summary>
/// Usage of one tracked item this billing period against what the plan and report packs allow, as gating decides on
/// it and the account page shows it (<see cref="UsageAgainstQuota"/> measures it).
/// </summary>
public sealed record QuotaUsage
{
    public required string ItemCode { get; init; }

    public required string Name { get; init; }

    /// <summary>Cheddar's count: the billable uses it received this period.</summary>
    public decimal CheddarQuantity { get; init; }

    /// <summary>Uses recorded here and not yet delivered to Cheddar (the outbox).</summary>
    public decimal Pending { get; init; }

    /// <summary>Uses a report pack paid for this period; they never reach Cheddar's count (ADR 0004).</summary>
    public decimal CoveredByPacks { get; init; }

    /// <summary>Everything used this period.</summary>
    public decimal Used => CheddarQuantity + Pending + CoveredByPacks;

    /// <summary>What the plan includes per period.</summary>
    public decimal Included { get; init; }

    /// <summary>Extra units bought as report packs this period.</summary>
    public decimal PackCredit { get; init; }

    /// <summary>Price per unit above the allowance; 0 means usage stops at the allowance.</summary>
    public decimal OverageAmount { get; init; }

    /// <summary>The plan sets no limit (<see cref="Allowance"/> is then meaningless).</summary>
    public bool IsUnlimited { get; init; }

    public decimal Allowance => Included + PackCredit;

    /// <summary>Units left before the allowance is used up (overage starts, or FREE stops).</summary>
    public decimal Remaining => IsUnlimited ? decimal.MaxValue : Math.Max(0, Allowance - Used);

    /// <summary><paramref name="quantity"/> more units still fit within the allowance.</summary>
    public bool Fits(decimal quantity) => IsUnlimited || Used + quantity <= Allowance;

    public decimal OverageQuantity => IsUnlimited ? 0 : Math.Max(0, Used - Allowance);

    public decimal OverageCost => OverageQuantity * OverageAmount;

    /// <summary>0–100 for a progress bar.</summary>
    public double Percent => IsUnlimited || Allowance <= 0 ? 0 : (double)Math.Min(100m, Used * 100m / Allowance);

    /// <summary>Nothing more can be used this period: the allowance is used up and there is no overage price.</summary>
    public bool IsAtLimit => !IsUnlimited && OverageAmount == 0 && Used >= Allowance;
}
