using DemoSaaS.CheddarSandbox.Billing;
using DemoSaaS.CheddarSandbox.Control;
using DemoSaaS.CheddarSandbox.Faults;
using DemoSaaS.CheddarSandbox.Hosting;
using DemoSaaS.CheddarSandbox.Storage;
using DemoSaaS.CheddarSandbox.Webhooks;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the local Cheddar sandbox in any ASP.NET Core host.</summary>
public static class CheddarSandboxExtensions
{
    public static IServiceCollection AddCheddarSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CheddarSandboxOptions>()
            .Bind(configuration.GetSection(CheddarSandboxOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SandboxClock>();
        services.AddSingleton<SandboxDatabase>();
        services.AddSandboxFaultInjection();
        services.AddSandboxWebhooks(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapCheddarSandbox(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/sandbox/health", () => Results.Json(new { status = "ok" }));
        endpoints.MapSandboxFaultInjection();
        endpoints.MapSandboxWebhooks();
        endpoints.MapSandboxClock();
        return endpoints;
    }
}
