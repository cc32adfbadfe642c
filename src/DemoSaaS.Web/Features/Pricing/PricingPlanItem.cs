namespace DemoSaaS.Web.Features.Pricing;

/// <summary>A tracked item of a plan: what is included each period and what more costs.</summary>
public sealed record PricingPlanItem
{
    public required string Code { get; init; }

    public required string Name { get; init; }

    public required decimal Included { get; init; }

    public required bool IsUnlimited { get; init; }

    /// <summary>Price of each unit above <see cref="Included"/>; 0 means none can be used beyond it.</summary>
    public required decimal OveragePrice { get; init; }
}
