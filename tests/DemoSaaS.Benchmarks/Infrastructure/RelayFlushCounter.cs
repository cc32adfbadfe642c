namespace DemoSaaS.Benchmarks.Infrastructure;

/// <summary>
/// Counts the usage relay's flushes: the relay resolves one UsageDelivery per flush from a new scope, and the
/// benchmark host's registration of it increments this counter. Flushes run one at a time.
/// </summary>
public sealed class RelayFlushCounter
{
    private int _current;

    public int Current => Volatile.Read(ref _current);

    public void Started() => Interlocked.Increment(ref _current);
}
