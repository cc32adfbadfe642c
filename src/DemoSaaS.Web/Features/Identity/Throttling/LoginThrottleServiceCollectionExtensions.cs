using DemoSaaS.Web.Features.Identity.Throttling;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class LoginThrottleServiceCollectionExtensions
{
    /// <summary>Per account and client address waits on failed logins (docs/decisions/0007-login-throttling.md).</summary>
    public static WebApplicationBuilder AddLoginThrottle(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LoginThrottleOptions>()
            .Bind(builder.Configuration.GetSection(LoginThrottleOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.MaxDelay >= o.FirstDelay, "Security:LoginThrottle:MaxDelay must not be shorter than FirstDelay.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<LoginThrottle>();
        return builder;
    }
}
