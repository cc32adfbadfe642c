namespace DemoSaaS.Benchmarks.Infrastructure;

/// <summary>How much load each benchmark applies: the full run, or small counts for a smoke run (<c>--quick</c>).</summary>
public sealed record RunSize
{
    public required bool IsQuick { get; init; }

    /// <summary>Gating: sequential page views per mode (snapshot and off), and for the naive gate (each ≥ 100 ms).</summary>
    public required int GatingViews { get; init; }

    public required int NaiveGatingViews { get; init; }

    /// <summary>Metering: uses each of the 50 concurrent users records.</summary>
    public required int UsesPerUser { get; init; }

    /// <summary>Sandbox: requests per endpoint and round (two rounds, interleaved).</summary>
    public required int SandboxRequestsPerRound { get; init; }

    /// <summary>Memory: interactive circuits held open at once.</summary>
    public required int Circuits { get; init; }

    /// <summary>Startup: process starts measured per case (the median is reported).</summary>
    public required int StartupRuns { get; init; }

    public static RunSize Full { get; } = new()
    {
        IsQuick = false,
        GatingViews = 600,
        NaiveGatingViews = 60,
        UsesPerUser = 200,
        SandboxRequestsPerRound = 6000,
        Circuits = 100,
        StartupRuns = 3,
    };

    public static RunSize Quick { get; } = new()
    {
        IsQuick = true,
        GatingViews = 100,
        NaiveGatingViews = 15,
        UsesPerUser = 20,
        SandboxRequestsPerRound = 1000,
        Circuits = 10,
        StartupRuns = 1,
    };
}
