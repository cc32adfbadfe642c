using DemoSaaS.Cheddar.Models;
using DemoSaaS.Web.Features.Billing.Usage;

namespace DemoSaaS.Web.Features.Billing.Gating;

/// <summary>A customer as Cheddar's customers/get (or the response to one of our writes) reported it at <see cref="AsOf"/>.</summary>
public sealed record CustomerSnapshot
{
    public required string CustomerCode { get; init; }

    /// <summary>Null when Cheddar has no customer with this code.</summary>
    public Customer? Customer { get; init; }

    public required DateTimeOffset AsOf { get; init; }

    /// <summary>The instant to judge this snapshot at: <see cref="BillingClock"/>'s rule applied to <see cref="AsOf"/>.</summary>
    public DateTimeOffset EffectiveNow => BillingClock.Now(Customer, AsOf);
}
