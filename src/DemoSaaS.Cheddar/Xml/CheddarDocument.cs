using DemoSaaS.Cheddar.Models;

namespace DemoSaaS.Cheddar.Xml;

/// <summary>A parsed Cheddar response: whichever of plans, customers, promotions it held, plus any errors.</summary>
internal sealed record CheddarDocument
{
    public IReadOnlyList<Plan> Plans { get; init; } = [];
    public IReadOnlyList<Customer> Customers { get; init; } = [];
    public IReadOnlyList<Promotion> Promotions { get; init; } = [];

    /// <summary>A top-level &lt;error&gt; or the &lt;errors&gt; embedded before a customer (§2.2).</summary>
    public IReadOnlyList<CheddarErrorElement> Errors { get; init; } = [];
}
