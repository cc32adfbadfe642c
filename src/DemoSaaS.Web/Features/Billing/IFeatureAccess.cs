namespace DemoSaaS.Web.Features.Billing;

/// <summary>Gates feature pages on the subscription as Cheddar reports it, without calling Cheddar on every view.</summary>
public interface IFeatureAccess
{
    Task<AccessDecision> CheckAsync(string userId, MeteredFeature feature, CancellationToken cancellationToken = default);
}
