using System.Text.Json.Serialization;

namespace DemoSaaS.CheddarSandbox.Customers;

/// <summary>An invoice line. Plan-generated lines (recurring, item, discount) have an empty id; custom lines a UUID.</summary>
public sealed class ChargeRecord
{
    public string Id { get; set; } = "";
    public required string Code { get; set; }

    /// <summary>recurring, setup, item, discount, custom.</summary>
    public required string Type { get; set; }
    public decimal Quantity { get; set; } = 1m;
    public decimal EachAmount { get; set; }
    public string Description { get; set; } = "";
    public DateTimeOffset? CreatedDatetime { get; set; }

    // Derived, not stored.
    [JsonIgnore]
    public decimal Total => decimal.Round(Quantity * EachAmount, 2, MidpointRounding.AwayFromZero);
}
