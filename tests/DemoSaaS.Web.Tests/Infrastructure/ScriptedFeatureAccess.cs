using DemoSaaS.Web.Features.Billing;

namespace DemoSaaS.Web.Tests.Infrastructure;

/// <summary>
/// Test stand-in for the billing engineer's IFeatureAccess seam: answers the decision a test sets per feature
/// and counts the checks. The app never registers this; only tests do.
/// </summary>
public sealed class ScriptedFeatureAccess : IFeatureAccess
{
    private readonly Dictionary<MeteredFeature, AccessDecision> _decisions = new()
    {
        [MeteredFeature.Reports] = Allowed("PRO", used: 0, included: 100),
        [MeteredFeature.Exports] = Allowed("PRO", used: 0, included: 100),
    };

    public int Checks { get; private set; }

    public void Set(MeteredFeature feature, AccessDecision decision) => _decisions[feature] = decision;

    public Task<AccessDecision> CheckAsync(string userId, MeteredFeature feature, CancellationToken cancellationToken = default)
    {
        Checks++;
        return Task.FromResult(_decisions[feature]);
    }

    public static AccessDecision Allowed(string plan, decimal used, decimal included, bool overage = false) => new()
    {
        Allowed = true,
        PlanCode = plan,
        Used = used,
        Included = included,
        IsOverage = overage,
        AsOf = new DateTimeOffset(2026, 11, 26, 18, 30, 5, TimeSpan.Zero),
    };

    public static AccessDecision Denied(AccessDenialReason reason, string? message = null, string plan = "FREE") => new()
    {
        Allowed = false,
        DenialReason = reason,
        Message = message,
        PlanCode = plan,
        Used = 10,
        Included = 10,
        AsOf = new DateTimeOffset(2026, 11, 26, 18, 30, 5, TimeSpan.Zero),
    };
}
