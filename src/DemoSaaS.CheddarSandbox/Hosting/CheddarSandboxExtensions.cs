using Microsoft.AspNetCore.Routing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the local Cheddar sandbox in any ASP.NET Core host.</summary>
public static class CheddarSandboxExtensions
{
    public static IServiceCollection AddCheddarSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }

    public static IEndpointRouteBuilder MapCheddarSandbox(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/sandbox/health", () => Results.Json(new { status = "ok" }));
        return endpoints;
    }
}
