using System.Diagnostics;
using DemoSaaS.Benchmarks.Gating;
using DemoSaaS.Benchmarks.Infrastructure;
using DemoSaaS.Benchmarks.Memory;
using DemoSaaS.Benchmarks.Metering;
using DemoSaaS.Benchmarks.Reporting;
using DemoSaaS.Benchmarks.Sandbox;
using DemoSaaS.Benchmarks.Startup;

namespace DemoSaaS.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/DemoSaaS.Benchmarks -- [all|gating|metering|sandbox|memory|startup] [--quick] [--fresh-clone]</c>
/// </summary>
public static class BenchmarkProgram
{
    private const string Usage = """
        Usage: dotnet run -c Release --project tests/DemoSaaS.Benchmarks -- [all|gating|metering|sandbox|memory|startup]... [--quick] [--fresh-clone]

          all            every benchmark (the default)
          --quick        small counts: a smoke run in under two minutes, not figures to quote
          --fresh-clone  startup also times git clone + dotnet build -c Release + first page (slow)

        Everything runs on loopback with fixed request counts and time limits, and stops by itself.
        """;

    public static async Task<int> Main(string[] args)
    {
        var quick = args.Contains("--quick");
        var freshClone = args.Contains("--fresh-clone");
        var benchmarks = new IBenchmark[]
        {
            new GatingBenchmark(), new MeteringBenchmark(), new SandboxBenchmark(), new CircuitMemoryBenchmark(), new StartupBenchmark(freshClone),
            new Invalidation.InvalidationBenchmark(),
        };
        var names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var unknown = names.Where(n => n != "all" && benchmarks.All(b => b.Name != n))
            .Concat(args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a is not ("--quick" or "--fresh-clone")))
            .ToList();
        if (args.Contains("--help") || args.Contains("-h") || unknown.Count > 0)
        {
            if (unknown.Count > 0 && !args.Contains("--help"))
            {
                Console.Error.WriteLine($"Unknown argument(s): {string.Join(", ", unknown)}");
            }
            Console.Error.WriteLine(Usage);
            return args.Contains("--help") ? 0 : 2;
        }
        var selected = names.Count == 0 || names.Contains("all") ? benchmarks : benchmarks.Where(b => names.Contains(b.Name)).ToArray();
        var size = quick ? RunSize.Quick : RunSize.Full;
        // WebApplicationFactory finds the web app's content root through MvcTestingAppManifest.json in the working directory.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        Console.WriteLine($"DemoSaaS benchmarks ({(quick ? "quick smoke run" : "full run")}) at {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"Machine: {MachineInfo.Describe()}");
        var figures = new List<Figure>();
        var failed = false;
        var clock = Stopwatch.StartNew();
        foreach (var benchmark in selected)
        {
            Console.WriteLine($"- {benchmark.Name} (load average {MachineInfo.LoadAverage()})");
            var started = clock.Elapsed;
            try
            {
                figures.AddRange(await benchmark.RunAsync(size, stop.Token));
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                failed = true;
                Console.Error.WriteLine($"  {benchmark.Name} failed: {ex}");
                figures.Add(Figure.NotMeasured(benchmark.Name, "(run failed)", ex.GetType().Name + ": " + ex.Message.Split('\n')[0]));
            }
            Console.WriteLine($"  {benchmark.Name} took {(clock.Elapsed - started).TotalSeconds:0} s");
        }

        Console.WriteLine();
        Console.Write(ResultTable.Format(figures));
        Console.WriteLine();
        Console.WriteLine($"Total {clock.Elapsed.TotalSeconds:0} s; load average at the end {MachineInfo.LoadAverage()}.");
        return failed ? 1 : 0;
    }
}
