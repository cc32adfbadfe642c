using DemoSaaS.CheddarSandbox.Control;
using DemoSaaS.CheddarSandbox.Hosting;

namespace DemoSaaS.CheddarSandbox.Faults;

/// <summary>Registers fault injection (middleware in front of /xml/) and maps its /sandbox/faults control endpoints.</summary>
internal static class FaultInjection
{
    public static IServiceCollection AddSandboxFaultInjection(this IServiceCollection services)
    {
        services.AddSingleton<FaultRegistry>();
        services.AddSingleton<ISandboxResettable>(sp => sp.GetRequiredService<FaultRegistry>());
        services.AddTransient<IStartupFilter, FaultInjectionStartupFilter>();
        return services;
    }

    public static IEndpointRouteBuilder MapSandboxFaultInjection(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/sandbox/faults");

        group.MapPost("", async (HttpRequest request, FaultRegistry faults, CancellationToken cancellationToken) =>
        {
            var (specification, readError) = await ControlJson.ReadAsync<FaultSpecification>(request, cancellationToken);
            if (readError is not null)
            {
                return readError;
            }
            var (fault, error) = faults.TryAdd(specification!);
            return fault is null
                ? ControlJson.Error(StatusCodes.Status400BadRequest, error!)
                : Results.Json(View(fault), statusCode: StatusCodes.Status201Created);
        });

        group.MapGet("", (FaultRegistry faults) => Results.Json(new { faults = faults.List().Select(View) }));

        group.MapDelete("", (FaultRegistry faults) => Results.Json(new { cleared = faults.Clear() }));

        group.MapDelete("/{id}", (string id, FaultRegistry faults) =>
            int.TryParse(id, out var faultId) && faults.Remove(faultId)
                ? Results.NoContent()
                : ControlJson.Error(StatusCodes.Status404NotFound, $"No active fault with id '{id}'."));

        return endpoints;
    }

    private static object View(InjectedFault fault) => new
    {
        id = fault.Id,
        path = fault.Path,
        method = fault.Method,
        customer = fault.Customer,
        kind = FaultKindNames.NameOf(fault.Kind),
        status = fault.Status,
        latencyMs = fault.LatencyMs,
        retryAfterSeconds = fault.RetryAfterSeconds,
        hangMs = fault.HangMs,
        drop = fault.Drop,
        auxCode = fault.AuxCode,
        message = fault.Message,
        count = fault.Count,
        remaining = fault.Remaining,
        createdAt = fault.CreatedAt,
    };
}
