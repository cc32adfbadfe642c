using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DemoSaaS.Benchmarks.Infrastructure;
using DemoSaaS.Benchmarks.Reporting;

namespace DemoSaaS.Benchmarks.Startup;

/// <summary>
/// Time from starting <c>dotnet DemoSaaS.Web.dll</c> (its defaults: Production, embedded sandbox, SQLite files) to the
/// first 200 from GET /, on new databases and on existing ones; optionally (<c>--fresh-clone</c>) a git clone of this
/// checkout's HEAD, its Release build of the web app, and that first start.
/// </summary>
public sealed class StartupBenchmark(bool freshClone) : IBenchmark
{
    private const string Title = "Startup";

    public string Name => "startup";

    public async Task<IReadOnlyList<Figure>> RunAsync(RunSize size, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find();
        var dll = new[] { "Release", "Debug" }
            .Select(configuration => Path.Combine(root, "src", "DemoSaaS.Web", "bin", configuration, "net10.0", "DemoSaaS.Web.dll"))
            .FirstOrDefault(File.Exists);
        if (dll is null)
        {
            return [Figure.NotMeasured(Title, "process start → first page", "DemoSaaS.Web.dll not built (dotnet build -c Release)")];
        }
        var configurationName = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(dll)))!;

        var firstStarts = new List<TimeSpan>();
        var restarts = new List<TimeSpan>();
        for (var run = 0; run < size.StartupRuns; run++)
        {
            var data = Directory.CreateTempSubdirectory("demosaas-bench-start-").FullName;
            try
            {
                Console.WriteLine($"  startup: run {run + 1} of {size.StartupRuns}");
                firstStarts.Add(await TimeToFirstPageAsync(dll, data, cancellationToken));
                restarts.Add(await TimeToFirstPageAsync(dll, data, cancellationToken));
            }
            finally
            {
                Directory.Delete(data, recursive: true);
            }
        }
        var figures = new List<Figure>
        {
            Figure.Info(Title, $"process start → first page, new databases ({configurationName}, median of {size.StartupRuns})", Seconds(Median(firstStarts))),
            Figure.Info(Title, "process start → first page, existing databases", Seconds(Median(restarts))),
        };
        if (freshClone)
        {
            try
            {
                figures.AddRange(await FreshCloneAsync(root, cancellationToken));
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
            {
                figures.Add(Figure.NotMeasured(Title, "fresh clone → build → first page", ex.Message.Split('\n')[0]));
            }
        }
        else
        {
            figures.Add(Figure.Info(Title, "fresh clone → build → first page", "not run (add --fresh-clone)"));
        }
        return figures;
    }

    private static async Task<IEnumerable<Figure>> FreshCloneAsync(string root, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("demosaas-bench-clone-").FullName;
        try
        {
            var clone = Path.Combine(folder, "DemoSaaS");
            Console.WriteLine("  startup: git clone (this checkout's HEAD)");
            var cloneTime = await RunToEndAsync("git", ["clone", "--quiet", "--no-local", root, clone], folder, TimeSpan.FromMinutes(2), cancellationToken);
            Console.WriteLine("  startup: dotnet build -c Release src/DemoSaaS.Web");
            var buildTime = await RunToEndAsync("dotnet", ["build", "-c", "Release", "--nologo", "-v", "q", Path.Combine("src", "DemoSaaS.Web", "DemoSaaS.Web.csproj")],
                clone, TimeSpan.FromMinutes(10), cancellationToken);
            var data = Path.Combine(folder, "data");
            Directory.CreateDirectory(data);
            var startTime = await TimeToFirstPageAsync(Path.Combine(clone, "src", "DemoSaaS.Web", "bin", "Release", "net10.0", "DemoSaaS.Web.dll"), data, cancellationToken);
            return
            [
                Figure.Info(Title, "fresh clone → build → first page (warm NuGet cache)",
                    $"{Seconds(cloneTime + buildTime + startTime)} (clone {Seconds(cloneTime)}, build {Seconds(buildTime)}, start {Seconds(startTime)})"),
            ];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Starts the app on a free loopback port with its data in <paramref name="dataFolder"/>; stops it after the first 200 from /.</summary>
    private static async Task<TimeSpan> TimeToFirstPageAsync(string dll, string dataFolder, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            // Relative database paths resolve against the working directory (the app's SQLite file) or are given.
            WorkingDirectory = dataFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            dll, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", Path.GetDirectoryName(dll)!,
            $"--CheddarSandbox:DatabasePath={Path.Combine(dataFolder, "cheddar-sandbox.db")}",
            // Production refuses to simulate billing or build mail links from requests unless told so explicitly.
            "--Cheddar:Mode=Sandbox", "--Cheddar:AllowSandboxOutsideDevelopment=true", $"--App:PublicBaseUrl=http://127.0.0.1:{port}/",
        })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(90))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The app exited with {process.ExitCode} before serving a page:\n{output}");
                }
                try
                {
                    using var response = await client.GetAsync($"http://127.0.0.1:{port}/", cancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        await response.Content.ReadAsByteArrayAsync(cancellationToken);
                        return clock.Elapsed;
                    }
                    throw new InvalidOperationException($"GET / answered {(int)response.StatusCode}:\n{output}");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(20, cancellationToken);
                }
            }
            throw new TimeoutException($"No page within 90 s:\n{output}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task<TimeSpan> RunToEndAsync(string fileName, string[] arguments, string workingDirectory, TimeSpan limit, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} took longer than {limit}.");
        }
        clock.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }
        return clock.Elapsed;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static TimeSpan Median(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
