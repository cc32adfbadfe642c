using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Infrastructure.Proxy;

/// <summary>
/// Puts the forwarded-headers middleware in front of everything else, so rate limiting, the login throttle, logging and
/// the scheme checks all see the client's address and scheme. Only when a proxy is configured: otherwise the headers
/// are left unread (and so ignored).
/// </summary>
internal sealed class ForwardedHeadersStartupFilter(IOptions<ForwardedHeadersSettings> settings) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (settings.Value.TrustsAnyProxy)
        {
            app.UseForwardedHeaders();
        }
        next(app);
    };
}
