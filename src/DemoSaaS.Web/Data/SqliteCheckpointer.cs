using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.Web.Data;

/// <summary>
/// Copies the WAL back into the database and truncates it once it passes 4 MB, checked every second. SQLite's own
/// automatic checkpoint never gets to restart the WAL while connections keep reading and writing, as 50 concurrent
/// writers do: the WAL then grows without bound (over 200 MB in a few seconds in a measurement), and every commit pays
/// a checkpoint's two fsyncs. Why WAL at all: docs/decisions/0005-sqlite-durability.md.
/// </summary>
internal sealed partial class SqliteCheckpointer(IDbContextFactory<ApplicationDbContext> databases, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    private const long TruncateAboveBytes = 4 * 1024 * 1024;

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string walPath;
        await using (var db = await databases.CreateDbContextAsync(stoppingToken))
        {
            var dataSource = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            walPath = Path.GetFullPath(dataSource + "-wal");
        }
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // No file: an in-memory database, or nothing written since the last truncation.
            if (!File.Exists(walPath) || new FileInfo(walPath).Length < TruncateAboveBytes)
            {
                continue;
            }
            try
            {
                await CheckpointAsync(stoppingToken);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
            {
                // Busy: readers kept the WAL in use for the whole attempt. Writers were only held up for that second; next tick.
                LogBusy(ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Never stop the app over housekeeping; SQLite's own automatic checkpoint still bounds the damage.
                LogFailed(ex);
            }
        }
    }

    private async Task CheckpointAsync(CancellationToken stoppingToken)
    {
        await using var db = await databases.CreateDbContextAsync(stoppingToken);
        await db.Database.OpenConnectionAsync(stoppingToken);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        // TRUNCATE holds off new writers while it waits for readers, so it waits briefly (100 ms per attempt, retried
        // by Microsoft.Data.Sqlite every 150 ms for at most a second) instead of the app's 5 s busy timeout.
        command.CommandText = "PRAGMA busy_timeout=100; PRAGMA wal_checkpoint(TRUNCATE);";
        command.CommandTimeout = 1;
        await command.ExecuteNonQueryAsync(stoppingToken);
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Debug, Message = "WAL checkpoint postponed, the database was busy: {Reason}")]
    private partial void LogBusy(string reason);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "WAL checkpoint failed; retrying in a second")]
    private partial void LogFailed(Exception error);
}
