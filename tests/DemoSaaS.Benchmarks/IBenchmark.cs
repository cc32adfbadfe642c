using DemoSaaS.Benchmarks.Infrastructure;
using DemoSaaS.Benchmarks.Reporting;

namespace DemoSaaS.Benchmarks;

/// <summary>One measurement the program can run; it bounds its own load and time.</summary>
public interface IBenchmark
{
    /// <summary>The name on the command line (gating, metering, sandbox, memory, startup).</summary>
    string Name { get; }

    Task<IReadOnlyList<Figure>> RunAsync(RunSize size, CancellationToken cancellationToken);
}
