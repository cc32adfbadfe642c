using System.Runtime.CompilerServices;

// Each test class starts a sandbox and two or more whole app instances; on a 2-core box, classes running side by
// side would measure each other's load (takeover times, invalidation latency), so classes run one at a time.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]

namespace DemoSaaS.MultiInstance.Tests.Infrastructure;

/// <summary>Runs once when the test assembly loads.</summary>
internal static class TestAssemblySetup
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        // Several app hosts in one process, each with relays and listeners waiting on I/O: the thread pool's slow
        // ramp-up would otherwise delay their work by seconds on a 2-core machine.
        ThreadPool.GetMinThreads(out var worker, out var io);
        ThreadPool.SetMinThreads(Math.Max(worker, 64), Math.Max(io, 64));
    }
}
