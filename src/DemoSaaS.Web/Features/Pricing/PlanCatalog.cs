using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Models;
using Microsoft.Extensions.Caching.Memory;

namespace DemoSaaS.Web.Features.Pricing;

/// <summary>
/// The plans for the pricing table, read from Cheddar and cached: the landing page is the busiest page and
/// plans change rarely. When Cheddar cannot be reached the last plans read are served; with none, null.
/// </summary>
public sealed class PlanCatalog(ICheddarPlans plans, IMemoryCache cache, ILogger<PlanCatalog> logger)
{
    public static readonly TimeSpan CacheDuration = TimeSpan.FromMinutes(10);

    private static readonly EventId PlansUnavailable = new(3001, nameof(PlansUnavailable));
    private const string CacheKey = "pricing:plans";
    private const string LastKnownKey = "pricing:plans:last-known";

    /// <summary>Active plans, cheapest first; null when Cheddar was never reachable.</summary>
    public async Task<IReadOnlyList<PricingPlan>?> GetAsync(CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(CacheKey, out IReadOnlyList<PricingPlan>? cached) && cached is not null)
        {
            return cached;
        }
        try
        {
            var fresh = (await plans.GetAllAsync(cancellationToken))
                .Where(plan => plan.IsActive)
                .OrderBy(plan => plan.RecurringChargeAmount)
                .Select(ToPricingPlan)
                .ToList();
            cache.Set(CacheKey, (IReadOnlyList<PricingPlan>)fresh, CacheDuration);
            cache.Set(LastKnownKey, (IReadOnlyList<PricingPlan>)fresh);
            return fresh;
        }
        catch (Exception error) when (error is CheddarException or CheddarUnavailableException)
        {
            var lastKnown = cache.Get<IReadOnlyList<PricingPlan>>(LastKnownKey);
            logger.LogWarning(PlansUnavailable, error, "Cheddar's plans could not be read; the pricing table shows {State}",
                lastKnown is null ? "a notice" : "the last plans read");
            return lastKnown;
        }
    }

    private static PricingPlan ToPricingPlan(Plan plan) => new()
    {
        Code = plan.Code,
        Name = plan.Name,
        Description = plan.Description,
        Price = plan.RecurringChargeAmount,
        IsFree = plan.IsFree || plan.RecurringChargeAmount == 0,
        TrialDays = !plan.IsFree && plan.RecurringChargeAmount > 0 && plan.InitialBillCount > 0
            ? plan.InitialBillCountUnit == "months" ? plan.InitialBillCount * 30 : plan.InitialBillCount
            : 0,
        Items = [.. plan.Items.Select(item => new PricingPlanItem
        {
            Code = item.Code,
            Name = item.Name,
            Included = item.QuantityIncluded,
            IsUnlimited = item.IsUnlimited,
            OveragePrice = item.OverageAmount,
        })],
    };
}
