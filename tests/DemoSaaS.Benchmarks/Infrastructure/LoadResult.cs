namespace DemoSaaS.Benchmarks.Infrastructure;

/// <summary>What one bounded load run did: requests completed, failed, how long it took and each latency.</summary>
public sealed record LoadResult
{
    public required int Succeeded { get; init; }

    public required int Failed { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public required IReadOnlyList<double> LatenciesMs { get; init; }

    /// <summary>True when the time limit ended the run before every request was sent.</summary>
    public required bool HitTimeLimit { get; init; }

    public double RequestsPerSecond => Succeeded / Elapsed.TotalSeconds;
}
