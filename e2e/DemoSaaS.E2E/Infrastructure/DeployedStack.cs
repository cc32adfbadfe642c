using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DemoSaaS.Cheddar;
using Microsoft.Extensions.Configuration;
using Xunit.v3;

namespace DemoSaaS.E2E.Infrastructure;

/// <summary>
/// The multi-instance stack as an operator starts it: <c>deploy/up.sh --no-build</c> from this build (PostgreSQL,
/// the standalone sandbox, N instances, HAProxy) in a state folder of its own, stopped by <c>deploy/down.sh</c>.
/// </summary>
public sealed class DeployedStack : IAsyncDisposable
{
    private readonly string _repository = FindRepository();
    private bool _started;

    public DeployedStack()
    {
        // A free port rather than 8080, so this run never meets a stack someone started by hand on this machine.
        ProductUrl = new Uri($"http://127.0.0.1:{FreePort()}/");
    }

    /// <summary>Where HAProxy answers: the product as a user reaches it.</summary>
    public Uri ProductUrl { get; }

    /// <summary>up.sh's pid files, logs and generated configuration for this stack.</summary>
    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), $"demosaas-stack-{Guid.NewGuid():N}");

    /// <summary>What up.sh printed, for a failure message.</summary>
    public string Output { get; private set; } = "";

    /// <summary>
    /// Why the stack cannot run here, or null: up.sh installs PostgreSQL and HAProxy with apt-get as root, so only a
    /// non-root run without them is hopeless.
    /// </summary>
    public static string? MissingTools()
    {
        var haproxy = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Any(folder => folder.Length > 0 && File.Exists(Path.Combine(folder, "haproxy")));
        var postgres = Directory.Exists("/usr/lib/postgresql")
            && Directory.EnumerateFiles("/usr/lib/postgresql", "initdb", SearchOption.AllDirectories).Any();
        var canInstall = Environment.UserName == "root" && File.Exists("/usr/bin/apt-get");
        if ((haproxy && postgres) || canInstall)
        {
            return null;
        }
        var missing = string.Join(" and ", new[] { haproxy ? null : "haproxy", postgres ? null : "postgresql" }.OfType<string>());
        return $"deploy/up.sh needs {missing}, which is not installed, and this run is not root with apt-get to install it (apt-get install {missing.Replace(" and ", " ", StringComparison.Ordinal)}).";
    }

    /// <summary>Runs <c>deploy/up.sh --no-build N</c>; fails with its output (and the log tails it prints) when it does not exit 0.</summary>
    public async Task StartAsync(int instances, CancellationToken cancellationToken)
    {
        _started = true;
        var (exitCode, output) = await RunAsync("up.sh", ["--no-build", "--configuration", Configuration, "--port", ProductUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--state", StateDirectory, instances.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(4), cancellationToken);
        Output = output;
        Assert.True(exitCode == 0, $"deploy/up.sh exited {exitCode}:\n{output}");
    }

    /// <summary>The process id of an instance by its HAProxy server name (the affinity cookie's value), e.g. app1.</summary>
    public int PidOf(string instance)
    {
        Assert.Matches("^app[0-9]+$", instance);
        return int.Parse(File.ReadAllText(Path.Combine(StateDirectory, $"{instance}.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Kills an instance the hard way (SIGKILL): no shutdown, no goodbye to its browsers or its database sessions.</summary>
    public void Kill(string instance)
    {
        using var process = Process.GetProcessById(PidOf(instance));
        process.Kill();
        Assert.True(process.WaitForExit(10_000), $"{instance} still runs after SIGKILL.");
    }

    /// <summary>A Cheddar client of the stack's standalone sandbox, with the credentials up.sh generated for it.</summary>
    public ServiceProvider CheddarClient()
    {
        var settings = File.ReadAllLines(Path.Combine(StateDirectory, "stack.env"))
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cheddar:BaseUrl"] = settings["SANDBOX_URL"],
            ["Cheddar:ProductCode"] = settings["CHEDDAR_PRODUCT_CODE"],
            ["Cheddar:Username"] = settings["CHEDDAR_USERNAME"],
            ["Cheddar:Password"] = settings["CHEDDAR_PASSWORD"],
        }).Build();
        return new ServiceCollection().AddLogging().AddCheddar(configuration).BuildServiceProvider();
    }

    /// <summary>The last lines of an instance's log, for a failure message.</summary>
    public string LogTail(string name, int lines = 40)
    {
        var path = Path.Combine(StateDirectory, "logs", $"{name}.log");
        return File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(lines)) : $"(no {path})";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_started)
        {
            return;
        }
        if (TestContext.Current.TestState?.Result is TestResult.Failed && Directory.Exists(Path.Combine(StateDirectory, "logs")))
        {
            // The stack's logs (each instance, sandbox, HAProxy's request log, PostgreSQL) go with the failed test's artifacts.
            var kept = Path.Combine(BrowserSession.ResultsDirectory, "stack-logs");
            Directory.CreateDirectory(kept);
            foreach (var log in Directory.EnumerateFiles(Path.Combine(StateDirectory, "logs")))
            {
                File.Copy(log, Path.Combine(kept, Path.GetFileName(log)), overwrite: true);
            }
        }
        var (exitCode, output) = await RunAsync("down.sh", ["--state", StateDirectory, "--remove-logs"], TimeSpan.FromMinutes(2), CancellationToken.None);
        Assert.True(exitCode == 0, $"deploy/down.sh exited {exitCode}:\n{output}");
    }

    /// <summary>The build this test runs from (Debug or Release): the instances run the same one.</summary>
    private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private async Task<(int ExitCode, string Output)> RunAsync(string script, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Path.Combine(_repository, "deploy", script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = new StringBuilder();
        var lockObject = new object();
        process.OutputDataReceived += (_, line) => { lock (lockObject) { output.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (lockObject) { output.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (lockObject)
            {
                return (-1, $"{script} did not finish within {timeout}:\n{output}");
            }
        }
        // The script's own output ends when it exits; the servers it started write to their log files, not to this pipe.
        process.WaitForExit();
        lock (lockObject)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DemoSaaS.sln")) && File.Exists(Path.Combine(folder.FullName, "deploy", "up.sh")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No repository (DemoSaaS.sln with deploy/up.sh) above {AppContext.BaseDirectory}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
