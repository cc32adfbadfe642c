using DemoSaaS.Web.Features.Identity;
using DemoSaaS.Web.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Microsoft.Extensions.DependencyInjection;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>ASP.NET Core Identity on EF Core; SQLite unless the connection string says otherwise.</summary>
    public static WebApplicationBuilder AddIdentityWithSqlite(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("DefaultConnection")
            ?? throw new InvalidOperationException("Connection string 'ConnectionStrings:DefaultConnection' is not configured.");

        // One scoped context per request (Identity and signup share it), plus a factory: Blazor circuits live
        // long, so feature pages open a short-lived context per operation instead of sharing the circuit's.
        // Every connection gets the app's SQLite settings (docs/decisions/0005-sqlite-durability.md).
        builder.Services.AddDbContext<ApplicationDbContext>(options => options.UseSqlite(connectionString).AddInterceptors(SqliteConnectionSettings.Instance),
            optionsLifetime: ServiceLifetime.Singleton);
        builder.Services.AddDbContextFactory<ApplicationDbContext>(options => options.UseSqlite(connectionString).AddInterceptors(SqliteConnectionSettings.Instance));
        builder.Services.AddHostedService<SqliteCheckpointer>();
        builder.Services.AddDatabaseDeveloperPageExceptionFilter();

        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<IdentityRedirectManager>();
        builder.Services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        builder.Services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = true;
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                // Failed passwords never lock an account (a stranger could lock anyone out); they slow down one address
                // for one account instead (AddLoginThrottle). An operator can still lock a user by hand.
                options.Lockout.AllowedForNewUsers = true;
            })
            // Roles: the operator pages need an Admin role (Features/Operations).
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ApplicationDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        builder.AddLoginThrottle();

        return builder;
    }

    /// <summary>
    /// Creates or upgrades the app's database so a fresh clone runs with no setup, and switches it to SQLite's WAL
    /// journal (kept in the file; docs/decisions/0005-sqlite-durability.md). Fails the start if the file cannot use WAL:
    /// synchronous=NORMAL is only the documented trade-off together with WAL.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var dataSource = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory) && dataSource != ":memory:")
        {
            Directory.CreateDirectory(directory);
        }
        await db.Database.MigrateAsync();
        if (dataSource != ":memory:")
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            var journalMode = Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            await db.Database.CloseConnectionAsync();
            // "memory": an in-memory database (Mode=Memory), which has no file to lose.
            if (journalMode is not ("wal" or "memory"))
            {
                throw new InvalidOperationException(
                    $"The database '{dataSource}' could not be switched to SQLite's WAL journal (it reports '{journalMode}'). "
                    + "WAL needs a local file system with shared memory; see docs/decisions/0005-sqlite-durability.md.");
            }
        }
    }
}
