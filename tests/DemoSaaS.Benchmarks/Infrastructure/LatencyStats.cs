namespace DemoSaaS.Benchmarks.Infrastructure;

/// <summary>Percentiles (nearest rank) of a set of latencies in milliseconds.</summary>
public sealed class LatencyStats
{
    private readonly double[] _sorted;

    public LatencyStats(IEnumerable<double> milliseconds)
    {
        _sorted = milliseconds.Order().ToArray();
        if (_sorted.Length == 0)
        {
            throw new ArgumentException("No latencies were recorded.", nameof(milliseconds));
        }
    }

    public int Count => _sorted.Length;

    public double P50 => Percentile(50);

    public double P95 => Percentile(95);

    public double P99 => Percentile(99);

    public double Percentile(double percent)
    {
        var rank = (int)Math.Ceiling(percent / 100 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }
}
