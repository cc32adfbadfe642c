using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing.Changes;
using Microsoft.EntityFrameworkCore;

namespace Microsoft.Extensions.DependencyInjection;

public static class BillingChangesServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IBillingChangeNotifier"/> by database provider: on PostgreSQL every instance sends and listens
    /// (NOTIFY/LISTEN on one dedicated connection per instance); on SQLite (one instance) changes are applied in process.
    /// Needs the snapshot cache and the usage outbox signal (<c>AddBilling</c>) and the database (<c>AddDatabase</c>).
    /// </summary>
    public static WebApplicationBuilder AddBillingChanges(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<LocalBillingChanges>();
        services.AddSingleton<BillingChangeCommitHook>();
        services.ConfigureDbContext<ApplicationDbContext>(
            (provider, options) => options.AddInterceptors(provider.GetRequiredService<BillingChangeCommitHook>()), ServiceLifetime.Singleton);

        if (DatabaseOptions.Read(builder.Configuration).Provider == DatabaseProvider.Postgres)
        {
            services.AddSingleton<PostgresBillingChangeNotifier>();
            services.AddSingleton<IBillingChangeNotifier>(sp => sp.GetRequiredService<PostgresBillingChangeNotifier>());
            services.AddHostedService<PostgresBillingChangeListener>();
        }
        else
        {
            services.AddSingleton<IBillingChangeNotifier, InProcessBillingChangeNotifier>();
        }
        return builder;
    }
}
