using System.Threading.RateLimiting;
using DemoSaaS.Web.Infrastructure.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// Security headers on every response (CSP, nosniff, frame-ancestors, referrer policy), a per-address rate limit
    /// on the credential forms (login, two-factor, password reset), and HSTS settings for UseHsts outside Development.
    /// </summary>
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SecurityOptions>()
            .Bind(builder.Configuration.GetSection(SecurityOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddTransient<IStartupFilter, SecurityHeadersStartupFilter>();
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
