using Npgsql;

namespace DemoSaaS.Web.Data;

/// <summary>
/// The connections the cross-instance locks (PostgreSQL session advisory locks) run on: a pool of their own, apart from
/// the app's <see cref="NpgsqlDataSource"/>, because the app's pool skips Npgsql's reset on close and a lock
/// connection must keep it: if a connection ever went back to the pool still holding a session lock, the reset's
/// <c>pg_advisory_unlock_all()</c> is what frees it.
/// </summary>
internal sealed class PostgresLockDataSource(string connectionString) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = Build(connectionString);

    private static NpgsqlDataSource Build(string connectionString)
    {
        var source = new NpgsqlDataSourceBuilder(connectionString);
        // A lock connection sits idle while its lock is held: TCP keepalive lets this side notice a server that vanished
        // (the server side is set in PostgreSQL, see deploy/up.sh's tcp_keepalives_*).
        source.ConnectionStringBuilder.TcpKeepAlive = true;
        return source.Build();
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
