using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DemoSaaS.Web.Data;

/// <summary>
/// Applies the app's per-connection SQLite settings each time EF Core opens a connection (pooled connections keep
/// whatever the previous user set, so every open sets them again). Why these values: docs/decisions/0005-sqlite-durability.md.
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    /// <summary>
    /// WAL with synchronous=NORMAL: a commit survives the app crashing; an OS crash or power loss can roll back the
    /// newest commits (the database stays consistent). Commits that something outside the database acts on use
    /// <see cref="DurableCommits"/> instead.
    /// </summary>
    public const string Synchronous = "NORMAL";

    /// <summary>
    /// How long SQLite itself waits for another connection's write lock, polling in steps of a few milliseconds.
    /// Without it Microsoft.Data.Sqlite retries a busy statement only every 150 ms, which queues concurrent writers.
    /// </summary>
    public const int BusyTimeoutMilliseconds = 5000;

    public static SqliteConnectionSettings Instance { get; } = new();

    private static readonly string Pragmas = $"PRAGMA synchronous={Synchronous}; PRAGMA busy_timeout={BusyTimeoutMilliseconds};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        // Microsoft.Data.Sqlite runs every command synchronously; the async path would only add overhead.
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection)
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
