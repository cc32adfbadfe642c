using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace DemoSaaS.Benchmarks.Infrastructure;

/// <summary>
/// What the machine and the database were doing while a load ran, to tell what limits a rate: the CPU this process used
/// (apps, sandbox and load generator), how busy the whole machine was (/proc/stat: other engineers' work included), and
/// on PostgreSQL what the database's sessions were waiting for, sampled from <c>pg_stat_activity</c> every 100 ms.
/// </summary>
public sealed class LoadWindow : IAsyncDisposable
{
    private readonly TimeSpan _processCpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly (long Busy, long Total) _machineAtStart = MachineTicks();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, int> _waits = new(StringComparer.Ordinal);
    private readonly Task _sampling;
    private int _samples;

    /// <param name="connectionString">The database to watch (PostgreSQL, as a superuser); null watches no database.</param>
    public LoadWindow(string? connectionString = null) =>
        _sampling = connectionString is null ? Task.CompletedTask : Task.Run(() => SampleAsync(connectionString, _stop.Token));

    /// <summary>Ends the window and describes it in one line.</summary>
    public async Task<string> EndAsync()
    {
        _clock.Stop();
        var processCores = (Process.GetCurrentProcess().TotalProcessorTime - _processCpuAtStart).TotalSeconds / _clock.Elapsed.TotalSeconds;
        var (busy, total) = MachineTicks();
        var machineBusy = total > _machineAtStart.Total ? 100.0 * (busy - _machineAtStart.Busy) / (total - _machineAtStart.Total) : double.NaN;
        await _stop.CancelAsync();
        await _sampling;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"this process {processCores:0.00} of {Environment.ProcessorCount} cores, machine {machineBusy:0}% busy");
        if (_samples > 0)
        {
            var waits = _waits.OrderByDescending(w => w.Value).Take(5)
                .Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Key} {(double)w.Value / _samples:0.0}"));
            text += $"; database sessions (average over {_samples} samples): {string.Join(", ", waits)}";
        }
        return text;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync(string connectionString, CancellationToken stop)
    {
        try
        {
            // Its own small connection, outside the apps' pools.
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "bench-sampler" }.ConnectionString);
            await connection.OpenAsync(stop);
            await using var command = new NpgsqlCommand(
                """
                SELECT CASE WHEN state = 'idle in transaction' THEN 'idle in transaction'
                            WHEN wait_event IS NULL THEN 'on CPU'
                            ELSE wait_event_type || ':' || wait_event END, count(*)::int
                FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' AND backend_type = 'client backend'
                GROUP BY 1
                """, connection);
            while (!stop.IsCancellationRequested)
            {
                await using (var reader = await command.ExecuteReaderAsync(stop))
                {
                    while (await reader.ReadAsync(stop))
                    {
                        var key = reader.GetString(0);
                        _waits[key] = _waits.GetValueOrDefault(key) + reader.GetInt32(1);
                    }
                }
                _samples++;
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
