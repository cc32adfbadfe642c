using System.Collections.Concurrent;
using DemoSaaS.CheddarSandbox.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace DemoSaaS.CheddarSandbox.Storage;

/// <summary>
/// Opens connections to the sandbox's SQLite database: a file by default (state survives restarts),
/// or a private shared-cache in-memory database for tests, kept alive for the host's lifetime.
/// Each part of the sandbox creates its own tables through <see cref="EnsureSchema"/>.
/// The file runs WAL with <c>synchronous=NORMAL</c>: a commit is not synced to disk on its own (the WAL is synced at
/// checkpoints), so a crash of the app loses nothing and only an OS crash or power cut can lose the last commits —
/// the right trade for a local sandbox, where a synced commit per call cost more than the call itself.
/// </summary>
public sealed class SandboxDatabase : IDisposable
{
    /// <summary>Open connections kept for reuse; more than this many at once are opened and closed as needed.</summary>
    private const int MaxIdleConnections = 8;

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly SqliteConnection? _keepAlive;
    private readonly ConcurrentQueue<SqliteConnection> _idle = new();
    private int _idleCount;
    private bool _disposed;

    public SandboxDatabase(IOptions<CheddarSandboxOptions> options)
    {
        var path = options.Value.DatabasePath;
        if (path == ":memory:")
        {
            IsInMemory = true;
            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = $"cheddar-sandbox-{Guid.NewGuid():N}",
                Mode = SqliteOpenMode.Memory,
                Cache = SqliteCacheMode.Shared,
            }.ToString();
            _pragmas = "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";
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
            // synchronous is a per-connection setting (journal_mode=WAL is stored in the file), so every connection sets it.
            _pragmas = "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL;";
            using var connection = Open();
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// A shared-cache in-memory database: its connections lock whole tables and a blocked one is retried with long
    /// sleeps, so callers keep its reads and writes one at a time.
    /// </summary>
    public bool IsInMemory { get; }

    /// <summary>A new connection with the sandbox's pragmas; the caller disposes it.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = _pragmas;
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// An open connection for one unit of work, reused across calls (opening one and setting its pragmas cost more
    /// than a customer lookup); disposing the lease gives it back. Not for use by two threads at once.
    /// </summary>
    public ConnectionLease Lease()
    {
        if (_idle.TryDequeue(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            return new ConnectionLease(this, connection);
        }
        return new ConnectionLease(this, Open());
    }

    internal void Return(SqliteConnection connection)
    {
        if (!Volatile.Read(ref _disposed) && Interlocked.Increment(ref _idleCount) <= MaxIdleConnections)
        {
            _idle.Enqueue(connection);
            return;
        }
        if (!Volatile.Read(ref _disposed))
        {
            Interlocked.Decrement(ref _idleCount);
        }
        connection.Dispose();
    }

    /// <summary>Runs idempotent DDL (CREATE TABLE IF NOT EXISTS ...).</summary>
    public void EnsureSchema(string ddl)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = ddl;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        while (_idle.TryDequeue(out var connection))
        {
            connection.Dispose();
        }
        _keepAlive?.Dispose();
    }
}
