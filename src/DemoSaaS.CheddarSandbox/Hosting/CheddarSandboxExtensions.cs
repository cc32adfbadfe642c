using DemoSaaS.CheddarSandbox.Billing;
using DemoSaaS.CheddarSandbox.Catalog;
using DemoSaaS.CheddarSandbox.Control;
using DemoSaaS.CheddarSandbox.Endpoints;
using DemoSaaS.CheddarSandbox.Faults;
using DemoSaaS.CheddarSandbox.Hosting;
using DemoSaaS.CheddarSandbox.Storage;
using DemoSaaS.CheddarSandbox.Webhooks;
using DemoSaaS.CheddarSandbox.Xml;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the local Cheddar sandbox in any ASP.NET Core host.</summary>
public static class CheddarSandboxExtensions
{
    public static IServiceCollection AddCheddarSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CheddarSandboxOptions>()
            .Bind(configuration.GetSection(CheddarSandboxOptions.SectionName))
            .PostConfigure(WebhookSecretStore.FillIn)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Whoever hosts the sandbox (standalone, embedded, tests): no "Server: Kestrel" telling a scanner what runs here.
        services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        services.AddTransient<IStartupFilter, ControlAccessStartupFilter>();
        services.AddOptions<CatalogOptions>()
            .Bind(configuration.GetSection(CatalogOptions.SectionName))
            .Validate(CatalogIsConsistent, "CheddarSandbox:Catalog: every plan and item needs a code, plan codes must be unique, amounts must not be negative, and InitialBillCountUnit must be 'days' or 'months'.")
            .ValidateOnStart();
        // Cheddar accepts any parameter in the path or query string, card numbers included; the hosting layer's
        // "Request starting <url>" lines (and routing's debug lines with the path) would put them in the log.
        // The sandbox never logs request URLs, whatever the configured levels. These rules replace the configured
        // level for their categories, so they are set to Warning: Information here would make a host configured for
        // Warning log two lines per Cheddar call.
        services.AddLogging(logging => logging
            .AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Warning));
        // A restart on the same database file resumes the clock where its customers were billed up to.
        services.AddSingleton(provider =>
        {
            var clock = new SandboxClock();
            clock.Advance(provider.GetRequiredService<CustomerStore>().ReadClockOffset());
            return clock;
        });
        services.AddSingleton<SandboxDatabase>();
        services.AddSingleton<SandboxCatalog>();
        services.AddSingleton<CustomerStore>();
        services.AddSingleton<ISandboxResettable>(sp => sp.GetRequiredService<CustomerStore>());
        services.AddSingleton<InvoiceCalculator>();
        services.AddSingleton<CheddarDocuments>();
        services.AddSingleton<WebhookPayloads>();
        services.AddTransient<SubscriptionBilling>();
        services.AddSingleton<XmlApi>();
        services.AddSingleton<IBillingEngine, BillingEngine>();
        services.AddSandboxFaultInjection();
        services.AddSandboxWebhooks(configuration);
        services.AddSandboxClockControl();
        // Only if no delivering publisher was registered (e.g. a host that leaves webhooks out): events then go nowhere.
        services.TryAddSingleton<IWebhookPublisher, NullWebhookPublisher>();
        return services;
    }

    public static IEndpointRouteBuilder MapCheddarSandbox(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/sandbox/health", (SandboxClock clock, Microsoft.Extensions.Options.IOptions<CheddarSandboxOptions> options) => Results.Json(new
        {
            status = "ok",
            productCode = options.Value.ProductCode,
            now = CheddarFormat.Datetime(clock.GetUtcNow()),
        }));
        endpoints.MapPost("/sandbox/reset", async (SandboxClock clock, IEnumerable<ISandboxResettable> resettables, CancellationToken cancellationToken) =>
        {
            foreach (var resettable in resettables)
            {
                await resettable.ResetAsync(cancellationToken);
            }
            clock.Reset();
            return Results.Json(new { status = "reset", now = CheddarFormat.Datetime(clock.GetUtcNow()) });
        });
        endpoints.Map("/xml/{**path}", XmlApiEndpoint.HandleAsync);
        endpoints.Map("/xml", XmlApiEndpoint.HandleAsync);
        endpoints.MapSandboxFaultInjection();
        endpoints.MapSandboxWebhooks();
        endpoints.MapSandboxClock();
        return endpoints;
    }

    private static bool CatalogIsConsistent(CatalogOptions catalog) =>
        catalog.Plans.All(p => p.Code.Length > 0 && p.RecurringChargeAmount >= 0m && p.SetupChargeAmount >= 0m
            && p.InitialBillCountUnit is "days" or "months" && p.InitialBillCount >= 0
            && p.Items.All(i => i.Code.Length > 0 && i.QuantityIncluded >= 0m && i.OverageAmount >= 0m))
        && catalog.Plans.Select(p => p.Code).Distinct().Count() == catalog.Plans.Count
        && catalog.Promotions.All(p => p.CouponCode.Length > 0 && p.Percentage is > 0m and <= 100m && p.Months >= 0);
}
