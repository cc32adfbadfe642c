namespace DemoSaaS.Benchmarks.Infrastructure;

/// <summary>One Cheddar API request the app sent (see <see cref="CheddarRequestLog"/>).</summary>
public sealed record CheddarRequest
{
    public required string Action { get; init; }

    public string? CustomerCode { get; init; }

    public string? ItemCode { get; init; }

    /// <summary>The usage relay flush running when the request was sent (0 before the first).</summary>
    public required int Flush { get; init; }
}
