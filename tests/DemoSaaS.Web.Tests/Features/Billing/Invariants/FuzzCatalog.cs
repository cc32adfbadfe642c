using System.Globalization;
using System.Text.Json;
using DemoSaaS.CheddarSandbox.Catalog;

namespace DemoSaaS.Web.Tests.Features.Billing.Invariants;

/// <summary>
/// The product's own catalog (<see cref="CatalogDefaults"/>: same plans, prices, trials and card rules) with small included
/// quantities, so a short sequence reaches FREE's hard limit and PRO's overage. Passed to the embedded sandbox as
/// configuration; the app reads plans from Cheddar, so gating and the account page follow it.
/// </summary>
public static class FuzzCatalog
{
    /// <summary>Included quantities divided by 50, kept between 3 and 25 (FREE 3 reports, PRO 10 and 3 exports, TEAM 25 and 20).</summary>
    public static decimal Scale(decimal included) => Math.Clamp(Math.Round(included / 50m), 3m, 25m);

    public static Dictionary<string, string?> Settings()
    {
        var plans = CatalogDefaults.Plans();
        foreach (var item in plans.SelectMany(p => p.Items))
        {
            item.QuantityIncluded = Scale(item.QuantityIncluded);
        }
        var settings = new Dictionary<string, string?>();
        Flatten(JsonSerializer.SerializeToElement(plans), CatalogOptions.SectionName + ":Plans", settings);
        return settings;
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string?> settings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, $"{prefix}:{property.Name}", settings);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var entry in element.EnumerateArray())
                {
                    Flatten(entry, $"{prefix}:{index.ToString(CultureInfo.InvariantCulture)}", settings);
                    index++;
                }
                break;
            case JsonValueKind.Null:
                break;
            default:
                settings[prefix] = element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
                break;
        }
    }
}
