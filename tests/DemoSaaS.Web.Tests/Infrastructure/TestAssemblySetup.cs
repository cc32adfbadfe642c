using System.Runtime.CompilerServices;

namespace DemoSaaS.Web.Tests.Infrastructure;

/// <summary>
/// Runs once when the test assembly loads. Many tests host the whole app (and its embedded sandbox) in this
/// process while bUnit waits on renderer dispatchers; on a 2-core CI box the thread pool's slow ramp-up
/// otherwise starves those waits and they time out before their condition is ever checked.
/// </summary>
internal static class TestAssemblySetup
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        ThreadPool.GetMinThreads(out var worker, out var io);
        ThreadPool.SetMinThreads(Math.Max(worker, 64), Math.Max(io, 64));
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(15);
    }
}
