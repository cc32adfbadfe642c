namespace DemoSaaS.CheddarSandbox.Catalog;

/// <summary>A tracked item of a plan (configuration shape).</summary>
public sealed class PlanItemDefinition
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public decimal QuantityIncluded { get; set; }

    /// <summary>Price per unit above <see cref="QuantityIncluded"/>. 0 means usage may not exceed the included quantity.</summary>
    public decimal OverageAmount { get; set; }

    /// <summary>Usage resets at every period close.</summary>
    public bool IsPeriodic { get; set; } = true;
}
