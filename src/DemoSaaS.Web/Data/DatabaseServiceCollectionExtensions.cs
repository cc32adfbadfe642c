using DemoSaaS.Web.Data;
using DemoSaaS.Web.Infrastructure.Coordination;
using Medallion.Threading;
using Medallion.Threading.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// The app's database by configuration (<c>Database:Provider</c>, <c>ConnectionStrings:DefaultConnection</c>):
    /// SQLite (default, one instance) or PostgreSQL (any number of instances), with cross-instance locks to match.
    /// </summary>
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection(DatabaseOptions.SectionName))
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = configuration.GetConnectionString("DefaultConnection") ?? "")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var settings = DatabaseOptions.Read(builder.Configuration);

        if (settings.Provider == DatabaseProvider.Postgres)
        {
            // The app's pool: EF Core and anything that needs a raw connection.
            builder.Services.AddSingleton(_ => AppDataSource(settings.ConnectionString));
            // Session-level advisory locks: a lock dies with its connection, so a killed instance's locks are freed at once.
            // Their connections come from a pool of their own, which keeps Npgsql's reset on close (see PostgresLockDataSource).
            builder.Services.AddSingleton(_ => new PostgresLockDataSource(settings.ConnectionString));
            builder.Services.AddSingleton<IDistributedLockProvider>(services =>
                new PostgresDistributedSynchronizationProvider(services.GetRequiredService<PostgresLockDataSource>().DataSource));
        }
        else
        {
            builder.Services.AddSingleton<IDistributedLockProvider, InProcessDistributedLockProvider>();
            builder.Services.AddHostedService<SqliteCheckpointer>();
        }

        // One scoped context per request (Identity and signup share it), plus a factory: Blazor circuits live
        // long, so feature pages open a short-lived context per operation instead of sharing the circuit's.
        // Both lease from one pool of contexts: a fresh context resolved EF Core's internal services (its change tracker,
        // its interceptors, its options' service provider) on first use, the largest single cost of a metered use in the
        // app, about a fifth of its CPU (README "PostgreSQL and several instances"). A returned context is reset by EF Core;
        // the app keeps no state of its own on a context (the meter tells leases apart by DbContext.ContextId, see
        // UsageCommitSignal).
        builder.Services.AddDbContextPool<ApplicationDbContext>((services, options) => Configure(options, settings, services));
        builder.Services.AddPooledDbContextFactory<ApplicationDbContext>((services, options) => Configure(options, settings, services));
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddDatabaseDeveloperPageExceptionFilter();
        return builder;
    }

    /// <summary>
    /// Creates or upgrades the app's database (so a fresh clone runs with no setup), under a lock every instance
    /// shares, so instances starting together on an empty database migrate it once.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app) =>
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);

    /// <summary>
    /// The app's PostgreSQL pool, tuned for many short units of work (metering records a use per unit; the benchmark
    /// measured the cost, README "PostgreSQL and several instances"):
    /// <list type="bullet">
    /// <item>No reset on close: by default Npgsql sends four or five statements (<c>RESET ALL</c>,
    /// <c>pg_advisory_unlock_all()</c>...) ahead of the next command each time a connection goes back to the pool, as
    /// many statements as the unit of work itself. Nothing on these connections leaves session state behind: the app
    /// sets no session settings, <c>LISTEN</c>s on a connection outside any pool and takes its session advisory locks on
    /// <see cref="PostgresLockDataSource"/>'s connections; a transaction left open is still rolled back on close.</item>
    /// <item>Automatic preparation (unless the connection string sets <c>Max Auto Prepare</c>): a statement run a few
    /// times on a connection is prepared there, so PostgreSQL no longer parses and plans the outbox's INSERT or the
    /// relay's statements for every use.</item>
    /// </list>
    /// </summary>
    internal static NpgsqlDataSource AppDataSource(string connectionString)
    {
        var source = new NpgsqlDataSourceBuilder(connectionString);
        source.ConnectionStringBuilder.NoResetOnClose = true;
        if (source.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            source.ConnectionStringBuilder.MaxAutoPrepare = 64;
        }
        return source.Build();
    }

    /// <summary>The provider settings shared by the app's contexts and the migrations contexts.</summary>
    internal static void Configure(DbContextOptionsBuilder options, DatabaseOptions settings, IServiceProvider services)
    {
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(services.GetRequiredService<NpgsqlDataSource>());
        }
        else
        {
            // Every connection gets the app's SQLite settings (docs/decisions/0005-sqlite-durability.md).
            options.UseSqlite(settings.ConnectionString).AddInterceptors(SqliteConnectionSettings.Instance);
        }
    }
}
