namespace DemoSaaS.Web.Infrastructure.Security;

/// <summary>Puts the security headers first in the pipeline, so static files, errors and 429s carry them too.</summary>
internal sealed class SecurityHeadersStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        next(app);
    };
}
