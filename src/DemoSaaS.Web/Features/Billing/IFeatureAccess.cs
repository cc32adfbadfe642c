namespace DemoSaaS.Web.Features.Billing;

/// <summary>Gates feature pages on the subscription as Cheddar reports it, without calling Cheddar on every view.</summary>
public interface IFeatureAccess
{
    /// <summary>
    /// The advisory decision: what a page shows (whether to offer the feature, the usage line). On several instances it
    /// may miss another instance's latest uses for a moment; never record a use on it, use <see cref="CheckForUseAsync"/>.
    /// </summary>
    Task<AccessDecision> CheckAsync(string userId, MeteredFeature feature, CancellationToken cancellationToken = default);

    /// <summary>
    /// The authoritative decision, taken right before recording a use: call it while holding the customer's
    /// <see cref="IQuotaLock"/> and keep holding it until the use is committed. Usage is read fresh (every instance's
    /// uses), so the last unit of a quota is given once across instances.
    /// </summary>
    Task<AccessDecision> CheckForUseAsync(string userId, MeteredFeature feature, CancellationToken cancellationToken = default) =>
        CheckAsync(userId, feature, cancellationToken);
}
