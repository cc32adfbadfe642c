namespace DemoSaaS.Cheddar.Models;

/// <summary>An invoice line: the recurring plan charge, an item overage, a setup fee, or a custom charge/credit.</summary>
public sealed record Charge
{
    /// <summary>Null for plan-generated lines; custom charges have an id to pass to delete-charge.</summary>
    public string? Id { get; init; }

    public required string Code { get; init; }

    /// <summary>e.g. <c>recurring</c>, <c>item</c>, <c>setup</c>, <c>custom</c>.</summary>
    public string? Type { get; init; }

    /// <summary>For item lines: the billable overage units, not the total usage.</summary>
    public decimal Quantity { get; init; }

    public decimal EachAmount { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset? CreatedDatetime { get; init; }

    public decimal Amount => Quantity * EachAmount;
}
