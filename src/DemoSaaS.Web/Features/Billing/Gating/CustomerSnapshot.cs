using DemoSaaS.Cheddar.Models;

namespace DemoSaaS.Web.Features.Billing.Gating;

/// <summary>A customer as Cheddar's customers/get (or the response to one of our writes) reported it at <see cref="AsOf"/>.</summary>
public sealed record CustomerSnapshot
{
    public required string CustomerCode { get; init; }

    /// <summary>Null when Cheddar has no customer with this code.</summary>
    public Customer? Customer { get; init; }

    public required DateTimeOffset AsOf { get; init; }

    /// <summary>
    /// The instant to judge cancellation against. Cheddar's rule is "canceledDatetime ≤ now"; Cheddar stamps a cancel
    /// with its own clock, which in the sandbox can run ahead of ours, so a cancel Cheddar already reported as
    /// made (it also moved modifiedDatetime) counts as in effect even if its timestamp is ahead of our clock.
    /// </summary>
    public DateTimeOffset EffectiveNow =>
        Customer?.ModifiedDatetime is { } modified && modified > AsOf ? modified : AsOf;
}
