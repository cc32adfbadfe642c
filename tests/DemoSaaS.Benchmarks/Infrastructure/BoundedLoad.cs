using System.Diagnostics;

namespace DemoSaaS.Benchmarks.Infrastructure;

/// <summary>Sends a fixed number of operations from a fixed number of concurrent workers, stopping at a time limit.</summary>
public static class BoundedLoad
{
    /// <param name="operation">One request; receives its sequence number; returns false (or throws) when it failed.</param>
    public static async Task<LoadResult> RunAsync(int total, int concurrency, TimeSpan timeLimit, Func<int, CancellationToken, Task<bool>> operation, CancellationToken cancellationToken)
    {
        var latencies = new double[total];
        var next = -1;
        var succeeded = 0;
        var failed = 0;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeLimit);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < total && !limit.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await operation(index, limit.Token);
                }
                catch (OperationCanceledException) when (limit.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }
                latencies[index] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Interlocked.Increment(ref ok ? ref succeeded : ref failed);
            }
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(workers);
        clock.Stop();
        return new LoadResult
        {
            Succeeded = succeeded,
            Failed = failed,
            Elapsed = clock.Elapsed,
            LatenciesMs = latencies.Where(l => l > 0).ToArray(),
            HitTimeLimit = succeeded + failed < total && !cancellationToken.IsCancellationRequested,
        };
    }
}
