namespace DemoSaaS.Cheddar.Models;

/// <summary>A plan a promotion applies to (a reference, not the full plan).</summary>
public sealed record PromotionPlan
{
    public string? Id { get; init; }
    public required string Code { get; init; }
    public string? Name { get; init; }
}
