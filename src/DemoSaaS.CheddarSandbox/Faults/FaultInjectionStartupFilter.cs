namespace DemoSaaS.CheddarSandbox.Faults;

/// <summary>Puts the fault middleware first in the pipeline, ahead of routing, auth and the /xml handlers.</summary>
internal sealed class FaultInjectionStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<FaultInjectionMiddleware>();
        next(app);
    };
}
