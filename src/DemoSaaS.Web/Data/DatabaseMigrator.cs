using Medallion.Threading;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Data;

/// <summary>
/// Applies the configured provider's migrations (<see cref="SqliteMigrationsContext"/> or
/// <see cref="PostgresMigrationsContext"/>) and answers whether any are pending, for the start and for health checks.
/// </summary>
public sealed class DatabaseMigrator(IOptions<DatabaseOptions> options, IServiceProvider services, IDistributedLockProvider locks)
{
    /// <summary>The lock every instance takes to migrate or do other one-time setup of the database.</summary>
    public const string SetupLockName = "setup:database";

    public DatabaseProvider Provider => options.Value.Provider;

    /// <summary>A context whose migrations are the configured provider's; dispose it.</summary>
    public ApplicationDbContext CreateMigrationsContext()
    {
        var settings = options.Value;
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            var builder = new DbContextOptionsBuilder<PostgresMigrationsContext>();
            DatabaseServiceCollectionExtensions.Configure(builder, settings, services);
            return new PostgresMigrationsContext(builder.UseIdentitySchema().Options);
        }
        var sqlite = new DbContextOptionsBuilder<SqliteMigrationsContext>();
        DatabaseServiceCollectionExtensions.Configure(sqlite, settings, services);
        return new SqliteMigrationsContext(sqlite.UseIdentitySchema().Options);
    }

    public async Task<IReadOnlyList<string>> PendingMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var db = CreateMigrationsContext();
        return [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)];
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            await MigrateSqliteAsync(settings, cancellationToken);
            return;
        }
        await using (await locks.CreateLock(SetupLockName).AcquireAsync(TimeSpan.FromMinutes(2), cancellationToken))
        {
            await using var db = CreateMigrationsContext();
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Creates the file's folder, migrates, and switches the file to SQLite's WAL journal (kept in the file;
    /// docs/decisions/0005-sqlite-durability.md). Fails the start if the file cannot use WAL: synchronous=NORMAL is only
    /// the documented trade-off together with WAL.
    /// </summary>
    private async Task MigrateSqliteAsync(DatabaseOptions settings, CancellationToken cancellationToken)
    {
        var dataSource = new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory) && dataSource != ":memory:")
        {
            Directory.CreateDirectory(directory);
        }
        await using var db = CreateMigrationsContext();
        await db.Database.MigrateAsync(cancellationToken);
        if (dataSource == ":memory:")
        {
            return;
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        var journalMode = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
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
