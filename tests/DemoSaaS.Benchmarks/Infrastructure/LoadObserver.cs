using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace DemoSaaS.Benchmarks.Infrastructure;

/// <summary>
/// What the machine and the database were doing while a load ran (over one or several windows between
/// <see cref="Begin"/> and <see cref="End"/>), to tell what limits a rate: the CPU this process used (apps, sandbox and
/// load generator), how busy the whole machine was (/proc/stat: other engineers' work included), and on PostgreSQL what
/// the database's sessions were doing, sampled from <c>pg_stat_activity</c> every 100 ms.
/// </summary>
public sealed class LoadObserver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, int> _sessions = new(StringComparer.Ordinal);
    private readonly Task _sampling;
    private volatile bool _active;
    private int _samples;
    private TimeSpan _processCpu;
    private TimeSpan _elapsed;
    private long _machineBusy;
    private long _machineTotal;
    private (TimeSpan ProcessCpu, long Timestamp, long Busy, long Total) _begun;

    private readonly Func<TimeSpan>? _serverCpu;
    private TimeSpan _serverCpuUsed;
    private TimeSpan _serverCpuAtBegin;

    /// <param name="connectionString">The database to watch (PostgreSQL, as a superuser); null watches no database.</param>
    /// <param name="serverCpu">The database server's CPU time so far (see <see cref="SharedPostgres.ServerCpuTime"/>).</param>
    public LoadObserver(string? connectionString = null, Func<TimeSpan>? serverCpu = null)
    {
        _serverCpu = serverCpu;
        _sampling = connectionString is null ? Task.CompletedTask : Task.Run(() => SampleAsync(connectionString, _stop.Token));
    }

    public void Begin()
    {
        var (busy, total) = MachineTicks();
        _serverCpuAtBegin = _serverCpu?.Invoke() ?? TimeSpan.Zero;
        _begun = (Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.GetTimestamp(), busy, total);
        _active = true;
    }

    public void End()
    {
        _active = false;
        var (busy, total) = MachineTicks();
        _elapsed += Stopwatch.GetElapsedTime(_begun.Timestamp);
        _processCpu += Process.GetCurrentProcess().TotalProcessorTime - _begun.ProcessCpu;
        _machineBusy += busy - _begun.Busy;
        _machineTotal += total - _begun.Total;
        _serverCpuUsed += (_serverCpu?.Invoke() ?? TimeSpan.Zero) - _serverCpuAtBegin;
    }

    /// <summary>
    /// One line: the CPU time per operation of this process and of the database server (what bounds the rate on an idle
    /// machine: its cores ÷ that time), the cores this process got, the machine's busy share and, on PostgreSQL, the
    /// sessions' states.
    /// </summary>
    public string Describe(int operations)
    {
        var processCores = _elapsed > TimeSpan.Zero ? _processCpu / _elapsed : double.NaN;
        var machineBusy = _machineTotal > 0 ? 100.0 * _machineBusy / _machineTotal : double.NaN;
        var perOperation = _processCpu.TotalMilliseconds / Math.Max(1, operations);
        var serverPerOperation = _serverCpuUsed.TotalMilliseconds / Math.Max(1, operations);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"CPU per use: this process {perOperation:0.00} ms{(_serverCpu is null ? "" : $", PostgreSQL {serverPerOperation:0.00} ms")}; " +
            $"this process got {processCores:0.00} of {Environment.ProcessorCount} cores, machine {machineBusy:0}% busy");
        if (_samples > 0)
        {
            lock (_sessions)
            {
                var states = _sessions.OrderByDescending(s => s.Value).Take(5)
                    .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {(double)s.Value / _samples:0.0}"));
                text += $"; database sessions, average of {_samples} samples: {string.Join(", ", states)}";
            }
        }
        return text;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync(string connectionString, CancellationToken stop)
    {
        try
        {
            // Its own connection, outside the apps' pools.
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "bench-observer" };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(stop);
            await using var command = new NpgsqlCommand(
                """
                SELECT CASE WHEN state LIKE 'idle in transaction%' THEN 'idle in transaction (waiting for the app)'
                            WHEN wait_event IS NULL THEN 'running'
                            ELSE wait_event_type || ':' || wait_event END, count(*)::int
                FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' AND backend_type = 'client backend'
                GROUP BY 1
                """, connection);
            while (!stop.IsCancellationRequested)
            {
                if (_active)
                {
                    await using var reader = await command.ExecuteReaderAsync(stop);
                    lock (_sessions)
                    {
                        while (reader.Read())
                        {
                            var key = reader.GetString(0);
                            _sessions[key] = _sessions.GetValueOrDefault(key) + reader.GetInt32(1);
                        }
                        _samples++;
                    }
                }
                await Task.Delay(100, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Busy and total CPU ticks of the whole machine since boot (first line of /proc/stat; idle and iowait are not busy).</summary>
    private static (long Busy, long Total) MachineTicks()
    {
        if (!File.Exists("/proc/stat"))
        {
            return (0, 0);
        }
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        return (total - idle, total);
    }
}
