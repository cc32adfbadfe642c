namespace DemoSaaS.CheddarSandbox.Catalog;

/// <summary>A promotion with one coupon code and one percentage incentive (configuration shape).</summary>
public sealed class PromotionDefinition
{
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string CouponCode { get; set; } = "";
    public decimal Percentage { get; set; }

    /// <summary>Number of billed periods the discount applies to; 0 = forever.</summary>
    public int Months { get; set; }

    /// <summary>0 = unlimited.</summary>
    public int MaxRedemptions { get; set; }

    public DateTimeOffset? ExpirationDatetime { get; set; }

    /// <summary>Plan codes the coupon is valid for.</summary>
    public List<string> PlanCodes { get; set; } = [];
}
