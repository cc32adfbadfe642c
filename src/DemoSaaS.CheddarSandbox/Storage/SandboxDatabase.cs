using DemoSaaS.CheddarSandbox.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace DemoSaaS.CheddarSandbox.Storage;

/// <summary>
/// Opens connections to the sandbox's SQLite database: a file by default (state survives restarts),
/// or a private shared-cache in-memory database for tests, kept alive for the host's lifetime.
/// Each part of the sandbox creates its own tables through <see cref="EnsureSchema"/>.
/// </summary>
public sealed class SandboxDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly SqliteConnection? _keepAlive;

    public SandboxDatabase(IOptions<CheddarSandboxOptions> options)
    {
        var path = options.Value.DatabasePath;
        if (path == ":memory:")
        {
            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = $"cheddar-sandbox-{Guid.NewGuid():N}",
                Mode = SqliteOpenMode.Memory,
                Cache = SqliteCacheMode.Shared,
            }.ToString();
            _keepAlive = new SqliteConnection(_connectionString);
            _keepAlive.Open();
        }
        else
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
            _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
            using var connection = Open();
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Runs idempotent DDL (CREATE TABLE IF NOT EXISTS ...).</summary>
    public void EnsureSchema(string ddl)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = ddl;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _keepAlive?.Dispose();
}
