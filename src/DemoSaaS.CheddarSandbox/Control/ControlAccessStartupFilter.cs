namespace DemoSaaS.CheddarSandbox.Control;

/// <summary>Puts the control-endpoint guard first in the sandbox's pipeline, ahead of routing and fault injection.</summary>
internal sealed class ControlAccessStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ControlAccessMiddleware>();
        next(app);
    };
}
