using DemoSaaS.Cheddar.Diagnostics;
using DemoSaaS.Web.Features.DevCheddar;

namespace Microsoft.Extensions.DependencyInjection;

public static class DevCheddarServiceCollectionExtensions
{
    /// <summary>
    /// In Development, records the app's Cheddar calls for /dev/cheddar (a developer's view of the integration).
    /// Elsewhere nothing is recorded and the page answers 404, like /dev/mailbox.
    /// </summary>
    public static WebApplicationBuilder AddDevCheddar(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddSingleton<DevCheddarCallLog>();
            builder.Services.AddSingleton<ICheddarCallObserver>(services => services.GetRequiredService<DevCheddarCallLog>());
        }
        return builder;
    }
}
