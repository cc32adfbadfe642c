namespace DemoSaaS.CheddarSandbox.Catalog;

/// <summary>
/// The product's plans and promotions, bound from "CheddarSandbox:Catalog". When no plans are configured the
/// DemoSaaS defaults (<see cref="CatalogDefaults"/>) apply, so the app, the tests and anyone's client see the same catalog.
/// </summary>
public sealed class CatalogOptions
{
    public const string SectionName = "CheddarSandbox:Catalog";

    public List<PlanDefinition> Plans { get; set; } = [];
    public List<PromotionDefinition> Promotions { get; set; } = [];

    /// <summary>createdDatetime shown for plans, items and promotions.</summary>
    public DateTimeOffset CreatedDatetime { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
