namespace DemoSaaS.Web.Features.Pricing;

/// <summary>A plan as the pricing table shows it, taken from Cheddar's plans/get.</summary>
public sealed record PricingPlan
{
    public required string Code { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Recurring charge per billing period.</summary>
    public required decimal Price { get; init; }

    public required bool IsFree { get; init; }

    /// <summary>Days until the first bill for a paid plan with a free trial; 0 when none.</summary>
    public int TrialDays { get; init; }

    public required IReadOnlyList<PricingPlanItem> Items { get; init; }
}
