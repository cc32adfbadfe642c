namespace DemoSaaS.Cheddar.Requests;

/// <summary>Initial usage of a tracked item at signup (<c>items[n][itemCode]</c>, <c>items[n][quantity]</c>).</summary>
public sealed record ItemQuantityRequest
{
    public required string ItemCode { get; init; }

    /// <summary>At least 0, up to four decimals.</summary>
    public required decimal Quantity { get; init; }
}
