using DemoSaaS.Web.Features.Billing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Infrastructure;

/// <summary>
/// The whole app, with the billing seams answered by <see cref="ScriptedFeatureAccess"/> and
/// <see cref="RecordingUsageMeter"/> so a test can put a user in any gating state.
/// </summary>
public sealed class ScriptedBillingWebFactory : DemoSaaSWebFactory
{
    public ScriptedFeatureAccess Access { get; } = new();

    public RecordingUsageMeter Meter { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IFeatureAccess>(Access);
            services.AddSingleton<IUsageMeter>(Meter);
        });
    }
}
