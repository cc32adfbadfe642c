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
    public NpgsqlDataSource DataSource { get; } = new NpgsqlDataSourceBuilder(connectionString).Build();

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
