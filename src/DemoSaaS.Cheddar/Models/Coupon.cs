namespace DemoSaaS.Cheddar.Models;

/// <summary>A code customers enter to receive a promotion (<c>subscription[couponCode]</c>).</summary>
public sealed record Coupon
{
    public string? Id { get; init; }
    public required string Code { get; init; }

    /// <summary>0 means unlimited.</summary>
    public int MaxRedemptions { get; init; }

    public DateTimeOffset? ExpirationDatetime { get; init; }
    public DateTimeOffset? CreatedDatetime { get; init; }

    public bool IsExpired(DateTimeOffset asOf) => ExpirationDatetime is { } expires && expires <= asOf;
}
