namespace DemoSaaS.CheddarSandbox.Customers;

public sealed class ItemUsageRecord
{
    public required string ItemCode { get; set; }
    public decimal Quantity { get; set; }

    /// <summary>Null until a quantity was ever recorded (then the XML omits both datetimes).</summary>
    public DateTimeOffset? CreatedDatetime { get; set; }
    public DateTimeOffset? ModifiedDatetime { get; set; }
}
