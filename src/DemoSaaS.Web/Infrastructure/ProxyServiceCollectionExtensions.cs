using System.Net;
using DemoSaaS.Web.Infrastructure.Proxy;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class ProxyServiceCollectionExtensions
{
    /// <summary>
    /// Behind a load balancer: <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed only from the proxies in
    /// <c>ForwardedHeaders:KnownProxies</c> / <c>KnownNetworks</c> (none by default; ASP.NET Core's own default of
    /// trusting loopback is cleared), so rate limits and the login throttle key on the real client's address.
    /// </summary>
    public static WebApplicationBuilder AddForwardedHeadersFromKnownProxies(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ForwardedHeadersSettings>()
            .Bind(builder.Configuration.GetSection(ForwardedHeadersSettings.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((forwarded, settings) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // One proxy hop: the right-most X-Forwarded-For entry is the one the balancer appended; what the client
            // sent itself lies further left and is never read.
            forwarded.ForwardLimit = 1;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in settings.Value.KnownProxies)
            {
                if (IPAddress.TryParse(proxy?.Trim(), out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
            }
            foreach (var network in settings.Value.KnownNetworks)
            {
                if (System.Net.IPNetwork.TryParse(network?.Trim(), out var parsed))
                {
                    forwarded.KnownIPNetworks.Add(parsed);
                }
            }
        });
        // First of all startup filters, so the middleware runs before anything that reads the client's address.
        builder.Services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, ForwardedHeadersStartupFilter>());
        return builder;
    }
}
