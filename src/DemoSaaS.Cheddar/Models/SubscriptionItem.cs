namespace DemoSaaS.Cheddar.Models;

/// <summary>A tracked item's current usage on a subscription (Id is the plan item's id).</summary>
public sealed record SubscriptionItem
{
    public required string Id { get; init; }
    public required string Code { get; init; }
    public string? Name { get; init; }

    /// <summary>Usage so far in the period; fractional usage is legal.</summary>
    public decimal Quantity { get; init; }

    public DateTimeOffset? CreatedDatetime { get; init; }
    public DateTimeOffset? ModifiedDatetime { get; init; }
}
