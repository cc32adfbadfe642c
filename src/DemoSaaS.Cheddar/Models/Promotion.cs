namespace DemoSaaS.Cheddar.Models;

/// <summary>A promotion: its incentives (e.g. 20% for 3 months), the plans it applies to and its coupon codes.</summary>
public sealed record Promotion
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset? CreatedDatetime { get; init; }
    public IReadOnlyList<PromotionPlan> Plans { get; init; } = [];
    public IReadOnlyList<Incentive> Incentives { get; init; } = [];
    public IReadOnlyList<Coupon> Coupons { get; init; } = [];
}
