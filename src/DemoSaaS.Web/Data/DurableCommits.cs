using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.Web.Data;

/// <summary>
/// Makes a DbContext's commits durable before they return (SQLite synchronous=FULL: the WAL is synced at each commit,
/// and with it every earlier commit of any connection). For commits that something outside the database acts on
/// next — a Cheddar call after the metering relay's claim, customers/new after the pending-signup row, a 200 to a
/// webhook, an exported file — so an OS crash cannot roll back a commit whose effect already left the machine.
/// See docs/decisions/0005-sqlite-durability.md.
/// </summary>
public static class DurableCommits
{
    /// <summary>
    /// Opens the context's connection and keeps it open with synchronous=FULL until the returned scope is disposed,
    /// which restores the app's setting and closes the connection.
    /// </summary>
    public static async Task<IAsyncDisposable> BeginAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        // EF Core closes a connection after each command unless it was opened explicitly; the setting lives on the connection.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await SetAsync(db, "FULL", cancellationToken);
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }
        return new Scope(db);
    }

    private static async Task SetAsync(DbContext db, string synchronous, CancellationToken cancellationToken)
    {
        if (db.Database.GetDbConnection() is SqliteConnection connection)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA synchronous={synchronous};";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private sealed class Scope(DbContext db) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // The connection goes back to the pool; the next open sets NORMAL again anyway, this is belt and braces.
                await SetAsync(db, SqliteConnectionSettings.Synchronous, CancellationToken.None);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
