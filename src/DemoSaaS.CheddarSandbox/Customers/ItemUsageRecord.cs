namespace DemoSaaS.CheddarSandbox.Customers;

public sealed class ItemUsageRecord
{
    public required string ItemCode { get; set; }
    public decimal Quantity { get; set; }

    /// <summary>
    /// Units of this period already settled under an earlier plan (billed as that plan's overage at the change, or
    /// included in it). Carried quantities keep counting, but this plan bills overage only above
    /// max(included, settled), so a plan change neither erases nor bills twice what was used. Reset with the period.
    /// </summary>
    public decimal SettledQuantity { get; set; }

    /// <summary>Null until a quantity was ever recorded (then the XML omits both datetimes).</summary>
    public DateTimeOffset? CreatedDatetime { get; set; }
    public DateTimeOffset? ModifiedDatetime { get; set; }
}
