using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DemoSaaS.Benchmarks.Infrastructure;

/// <summary>
/// Runs after the app's own connection settings and, while <see cref="Mode"/> is set, replaces its
/// <c>PRAGMA synchronous</c> on every connection the app opens — to measure what another setting would cost.
/// </summary>
public sealed class SynchronousOverride : DbConnectionInterceptor
{
    private volatile string? _mode;

    /// <summary>FULL, NORMAL, …; null leaves the app's setting alone.</summary>
    public string? Mode
    {
        get => _mode;
        set => _mode = value;
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (_mode is { } mode)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA synchronous={mode};";
            command.ExecuteNonQuery();
        }
    }
}
