namespace DemoSaaS.Web.Features.Billing;

/// <summary>
/// Whether the signed-in user may use a feature right now, decided from the subscription as Cheddar
/// reported it (a snapshot taken <see cref="AsOf"/>).
/// </summary>
public sealed record AccessDecision
{
    public required bool Allowed { get; init; }

    /// <summary>Why not, for the UI to pick the right prompt; null when allowed.</summary>
    public AccessDenialReason? DenialReason { get; init; }

    /// <summary>A sentence for the user (upgrade prompt, canceled notice, billing unreachable...).</summary>
    public string? Message { get; init; }

    /// <summary>True when the use is allowed but billed as overage.</summary>
    public bool IsOverage { get; init; }

    public string? PlanCode { get; init; }

    public decimal Used { get; init; }

    public decimal Included { get; init; }

    /// <summary>The plan sets no limit on this feature (<see cref="Included"/> is then meaningless).</summary>
    public bool IsUnlimited { get; init; }

    /// <summary>When Cheddar last confirmed the data this decision is based on.</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>True when Cheddar could not be reached and an older snapshot was used.</summary>
    public bool IsStale { get; init; }
}

public enum AccessDenialReason
{
    NoSubscription,
    Canceled,
    NotInPlan,
    QuotaReached,
    BillingUnavailable,
}
