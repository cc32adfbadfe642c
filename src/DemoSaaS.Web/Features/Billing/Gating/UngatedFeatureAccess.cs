namespace DemoSaaS.Web.Features.Billing.Gating;

/// <summary><see cref="GatingMode.Off"/>: allows everything without asking Cheddar or the database (the benchmarks' "no gating" baseline).</summary>
internal sealed class UngatedFeatureAccess : IFeatureAccess
{
    public Task<AccessDecision> CheckAsync(string userId, MeteredFeature feature, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return Task.FromResult(new AccessDecision { Allowed = true });
    }
}
