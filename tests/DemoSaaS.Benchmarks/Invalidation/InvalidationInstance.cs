using DemoSaaS.Web.Features.Billing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Benchmarks.Invalidation;

/// <summary>
/// One app instance of the invalidation benchmark: the product as configured for several instances (PostgreSQL, a
/// standalone Cheddar sandbox), on a real loopback Kestrel port, in this process so its gate can be asked directly.
/// </summary>
internal sealed class InvalidationInstance(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    public Uri BaseAddress => ClientOptions.BaseAddress;

    public IFeatureAccess Access => Services.GetRequiredService<IFeatureAccess>();

    public InvalidationInstance Start()
    {
        UseKestrel();
        StartServer();
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
