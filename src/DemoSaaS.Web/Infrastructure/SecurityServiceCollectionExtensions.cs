using System.Threading.RateLimiting;
using DemoSaaS.Web.Features.Mailbox;
using DemoSaaS.Web.Infrastructure.Security;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// Security headers on every response (CSP, nosniff, frame-ancestors, referrer policy), a per-address rate limit
    /// on the credential forms (login, two-factor, password reset), HSTS settings for UseHsts outside Development, no
    /// Server header, and outside Development a Host header allow-list (AllowedHosts, by default App:PublicBaseUrl's host).
    /// </summary>
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SecurityOptions>()
            .Bind(builder.Configuration.GetSection(SecurityOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddTransient<IStartupFilter, SecurityHeadersStartupFilter>();
        // No "Server: Kestrel" on any response: it tells a scanner what to try and tells a user nothing.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        // Outside Development the Host header must name this app: from AllowedHosts when set, else App:PublicBaseUrl's host.
        if (!builder.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(builder.Configuration["AllowedHosts"])
            && Uri.TryCreate(builder.Configuration[PublicBaseUrlOptions.Key], UriKind.Absolute, out var publicBaseUrl))
        {
            builder.Services.Configure<HostFilteringOptions>(hosts => hosts.AllowedHosts = [publicBaseUrl.Host]);
        }
        builder.Services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.IncludeSubDomains = true;
        });
        // Composes with the billing policies (signup, webhook): AddRateLimiter only adds configuration.
        builder.Services.AddRateLimiter(limiter => limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            if (!CredentialForms.IsSubmission(http.Request))
            {
                return RateLimitPartition.GetNoLimiter("other");
            }
            var permits = http.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.CredentialPermitsPerMinute;
            return RateLimitPartition.GetFixedWindowLimiter(
                $"credentials:{permits}:{http.Connection.RemoteIpAddress}",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
        }));
        return builder;
    }
}
