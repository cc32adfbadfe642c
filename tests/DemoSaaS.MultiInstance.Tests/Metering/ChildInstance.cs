using System.Diagnostics;

namespace DemoSaaS.MultiInstance.Tests.Metering;

/// <summary>
/// An app instance as its own process: the built DemoSaaS.Web.dll run by <c>dotnet</c>, configured through environment
/// variables. <see cref="Kill"/> is <c>kill -9</c>: no shutdown code runs, and its database connections (with the
/// advisory locks they hold) die with it.
/// </summary>
public sealed class ChildInstance : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ChildInstance(Process process) => _process = process;

    public int ProcessId => _process.Id;

    /// <summary>What the process printed, for a failure message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output.TakeLast(60));
            }
        }
    }

    public static async Task<ChildInstance> StartAsync(string name, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var app = AppDirectory();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(app, "DemoSaaS.Web.dll")])
        {
            WorkingDirectory = app,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_gcServer"] = "0";
        // The lifetime's "Application started" line tells when the host (and its relay) runs.
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var child = new ChildInstance(process);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Line(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (child._output)
            {
                child._output.Add(line);
            }
            if (line.Contains("Application started", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        }
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync(cancellationToken);
        var first = await Task.WhenAny(started.Task, exited, Task.Delay(TimeSpan.FromSeconds(60), cancellationToken));
        if (first != started.Task)
        {
            var output = child.Output;
            await child.DisposeAsync();
            throw new InvalidOperationException($"Instance {name} did not start:\n{output}");
        }
        return child;
    }

    /// <summary>kill -9.</summary>
    public void Kill()
    {
        using var kill = Process.Start("kill", ["-9", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill!.WaitForExit();
        _process.WaitForExit();
    }

    /// <summary>The web app's build output, next to this test project's (same configuration and framework).</summary>
    private static string AppDirectory()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var repository = testOutput;
        while (repository is not null && !Directory.Exists(Path.Combine(repository.FullName, "src", "DemoSaaS.Web")))
        {
            repository = repository.Parent;
        }
        var app = Path.Combine(repository?.FullName ?? throw new InvalidOperationException("No src/DemoSaaS.Web above the test output."),
            "src", "DemoSaaS.Web", "bin", configuration, framework);
        return File.Exists(Path.Combine(app, "DemoSaaS.Web.dll")) ? app : throw new InvalidOperationException($"DemoSaaS.Web.dll is not built in {app}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
