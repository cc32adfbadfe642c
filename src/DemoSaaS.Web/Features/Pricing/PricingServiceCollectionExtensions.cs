using DemoSaaS.Web.Features.Pricing;

namespace Microsoft.Extensions.DependencyInjection;

public static class PricingServiceCollectionExtensions
{
    /// <summary>The landing page's pricing table: plans from Cheddar, cached (needs <c>AddCheddar</c>).</summary>
    public static WebApplicationBuilder AddPricing(this WebApplicationBuilder builder)
    {
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<PlanCatalog>();
        return builder;
    }
}
