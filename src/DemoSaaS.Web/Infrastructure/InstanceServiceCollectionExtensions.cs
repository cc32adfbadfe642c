using DemoSaaS.Web.Data;
using DemoSaaS.Web.Infrastructure.Instances;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

public static class InstanceServiceCollectionExtensions
{
    /// <summary>The name every instance protects cookies, antiforgery tokens and circuits under; not the content root's path.</summary>
    public const string DataProtectionApplicationName = "DemoSaaS";

    /// <summary>The load balancer's health check.</summary>
    public const string HealthPath = "/healthz";

    /// <summary>
    /// How an instance lives among others on one database: data-protection keys in the database under one application
    /// name (a cookie or form made by one instance is read by any), the start-up step (<see cref="InstanceSetup"/>: the
    /// SQLite single-instance lock, migrations, the first key) and the balancer's <c>/healthz</c>.
    /// </summary>
    public static WebApplicationBuilder AddInstances(this WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<ApplicationDbContext>();
        builder.Services.AddSingleton<SqliteInstanceLock>();
        builder.Services.AddSingleton<InstanceSetup>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", timeout: TimeSpan.FromSeconds(5));
        return builder;
    }

    /// <summary>
    /// <c>GET /healthz</c>: 200 "Healthy" when the database answers and its migrations are applied, else 503
    /// "Unhealthy" — no detail, no secret. Anonymous and never rate-limited, so the balancer's checks always get through.
    /// </summary>
    public static WebApplication MapHealthz(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath).AllowAnonymous().DisableRateLimiting().DisableAntiforgery();
        return app;
    }

    /// <summary>Before serving: the SQLite lock, the migrations and the first data-protection key (<see cref="InstanceSetup.PrepareAsync"/>).</summary>
    public static async Task PrepareInstanceAsync(this WebApplication app) =>
        await app.Services.GetRequiredService<InstanceSetup>().PrepareAsync(CancellationToken.None);

    /// <summary>
    /// <c>--setup</c>: migrates, makes the first key and seeds (<see cref="InstanceSetup.SetUpAsync"/>), then stops
    /// without serving; the process exits 0 when all of it succeeded.
    /// </summary>
    public static async Task RunSetupAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<InstanceSetup>().SetUpAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
