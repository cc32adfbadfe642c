using DemoSaaS.Tests.Shared;
using Npgsql;

namespace DemoSaaS.Benchmarks.Infrastructure;

/// <summary>
/// The one throwaway PostgreSQL cluster of a benchmark run (tests/Shared's <see cref="PostgresCluster"/>), started by
/// the first benchmark that needs it (a run without PostgreSQL benchmarks starts none) and stopped when the program
/// ends; each benchmark takes fresh databases. Commits are durable as in production: the test cluster runs with
/// <c>fsync = off</c> (nothing there survives a machine crash anyway), which would measure a database that never waits
/// for its disk, so the benchmark turns fsync back on (<c>ALTER SYSTEM</c>, a reload: fsync needs no restart).
/// <c>synchronous_commit</c> stays at its default, on.
/// </summary>
public sealed class SharedPostgres : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PostgresCluster? _cluster;

    /// <summary>A fresh empty database on the run's cluster; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var cluster = await GetAsync(cancellationToken);
        return await cluster.CreateDatabaseAsync("bench", cancellationToken);
    }

    /// <summary>What the cluster runs with, for the report: its version and its durability settings.</summary>
    public async Task<string> DescribeAsync(CancellationToken cancellationToken) => await DescribeAsync(await GetAsync(cancellationToken), cancellationToken);

    /// <summary>
    /// CPU time the cluster's server processes have used so far (Linux /proc): the postmaster with its reaped children
    /// (backends that ended) and every live child (backends, WAL writer, checkpointer...); zero before the cluster starts.
    /// </summary>
    public TimeSpan ServerCpuTime()
    {
        if (_cluster is null || !File.Exists(Path.Combine(_cluster.DataDirectory, "postmaster.pid")))
        {
            return TimeSpan.Zero;
        }
        var postmaster = int.Parse(File.ReadLines(Path.Combine(_cluster.DataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
        var ticks = 0L;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid) || ProcessTicks(folder) is not { } process)
            {
                continue;
            }
            if (pid == postmaster)
            {
                ticks += process.Own + process.ReapedChildren;
            }
            else if (process.Parent == postmaster)
            {
                ticks += process.Own;
            }
        }
        // USER_HZ, the unit of /proc/<pid>/stat's times, is 100 on Linux.
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>Parent pid, own CPU ticks (user + system) and those of reaped children, from /proc/&lt;pid&gt;/stat; null if it is gone.</summary>
    private static (int Parent, long Own, long ReapedChildren)? ProcessTicks(string folder)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(folder, "stat"));
            // Fields after the command (which may hold spaces) in parentheses: state ppid ... utime(14) stime cutime cstime.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long Field(int number) => long.Parse(fields[number - 3], System.Globalization.CultureInfo.InvariantCulture);
            return ((int)Field(4), Field(14) + Field(15), Field(16) + Field(17));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private async Task<PostgresCluster> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cluster is null)
            {
                var cluster = await PostgresCluster.StartAsync(cancellationToken);
                await ExecuteAsync(cluster, "ALTER SYSTEM SET fsync = on", cancellationToken);
                await ExecuteAsync(cluster, "SELECT pg_reload_conf()", cancellationToken);
                // The reload is a signal to the postmaster: new sessions see the setting once it has been handled.
                var description = "";
                for (var attempt = 0; attempt < 50 && !description.Contains("fsync=on", StringComparison.Ordinal); attempt++)
                {
                    await Task.Delay(100, cancellationToken);
                    description = await DescribeAsync(cluster, cancellationToken);
                }
                if (!description.Contains("fsync=on", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The benchmark cluster kept fsync off after a reload: {description}");
                }
                _cluster = cluster;
                Console.WriteLine($"  PostgreSQL cluster on 127.0.0.1:{cluster.Port}: {description}");
            }
            return _cluster;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<string> DescribeAsync(PostgresCluster cluster, CancellationToken cancellationToken) =>
        "PostgreSQL " + await ExecuteAsync(cluster,
            "SELECT current_setting('server_version') || ', fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit')"
            + " || ', shared_buffers=' || current_setting('shared_buffers') || ', max_connections=' || current_setting('max_connections')", cancellationToken);

    private static async Task<string?> ExecuteAsync(PostgresCluster cluster, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(cluster.AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        _gate.Dispose();
    }
}
