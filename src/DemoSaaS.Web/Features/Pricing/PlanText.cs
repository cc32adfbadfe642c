using System.Globalization;

namespace DemoSaaS.Web.Features.Pricing;

/// <summary>How a plan's price and items read, the same on the pricing table and on signup's plan cards.</summary>
public static class PlanText
{
    public static string Money(decimal amount) => amount.ToString(decimal.IsInteger(amount) ? "$#,0" : "$#,0.00", CultureInfo.InvariantCulture);

    public static string Item(PricingPlanItem item)
    {
        var included = item.IsUnlimited ? $"Unlimited {item.Name.ToLowerInvariant()}" : $"{item.Included.ToString("#,0.##", CultureInfo.InvariantCulture)} {item.Name.ToLowerInvariant()} a month";
        return item.OveragePrice > 0 && !item.IsUnlimited
            ? $"{included}, then {Money(item.OveragePrice)} each"
            : included;
    }
}
