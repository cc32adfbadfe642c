using Microsoft.Data.Sqlite;

namespace DemoSaaS.CheddarSandbox.Storage;

/// <summary>A pooled open connection from <see cref="SandboxDatabase.Lease"/>; disposing it returns the connection.</summary>
public sealed class ConnectionLease : IDisposable
{
    private SandboxDatabase? _database;

    internal ConnectionLease(SandboxDatabase database, SqliteConnection connection)
    {
        _database = database;
        Connection = connection;
    }

    public SqliteConnection Connection { get; }

    public void Dispose() => Interlocked.Exchange(ref _database, null)?.Return(Connection);
}
