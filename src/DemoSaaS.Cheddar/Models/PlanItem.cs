namespace DemoSaaS.Cheddar.Models;

/// <summary>A tracked item as the plan defines it: how much is included and what each extra unit costs.</summary>
public sealed record PlanItem
{
    /// <summary>Cheddar's PHP client treats this included quantity as "unlimited".</summary>
    public const decimal UnlimitedQuantity = 99999999.9m;

    public required string Id { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public decimal QuantityIncluded { get; init; }

    /// <summary>Usage resets every billing period (otherwise it accumulates).</summary>
    public bool IsPeriodic { get; init; }

    /// <summary>Price per unit above <see cref="QuantityIncluded"/>; 0 means the quantity cannot exceed it.</summary>
    public decimal OverageAmount { get; init; }

    public DateTimeOffset? CreatedDatetime { get; init; }

    public bool IsUnlimited => QuantityIncluded >= UnlimitedQuantity;
}
