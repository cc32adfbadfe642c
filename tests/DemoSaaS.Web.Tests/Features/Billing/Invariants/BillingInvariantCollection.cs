namespace DemoSaaS.Web.Tests.Features.Billing.Invariants;

/// <summary>
/// The invariant test runs on its own: it keeps two apps with 50 users each busy, which would slow other tests' timed
/// waits, and its own settle timeout should measure the app, not the rest of the suite.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BillingInvariantCollection
{
    public const string Name = "Billing invariants";
}
