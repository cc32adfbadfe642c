using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DemoSaaS.Benchmarks.Infrastructure;

/// <summary>
/// TEMPORARY until tests/Shared/PostgresCluster.cs lands: a throwaway PostgreSQL 15 cluster in a temp folder
/// (initdb + pg_ctl, loopback, a free port, trust auth), with durable commits as in production (fsync and
/// synchronous_commit left on).
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _folder;
    private int _databases;

    private LocalPostgres(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public static async Task<LocalPostgres> StartAsync(CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("demosaas-bench-pg-").FullName;
        var port = FreePort();
        var cluster = new LocalPostgres(folder, port);
        if (Environment.UserName == "root")
        {
            // initdb and postgres refuse to run as root: the cluster belongs to the postgres system user.
            await RunAsync("/usr/bin/chown", ["postgres:", folder], cancellationToken, asPostgres: false);
        }
        await RunAsync("initdb", ["-D", Path.Combine(folder, "data"), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"], cancellationToken);
        await RunAsync("pg_ctl", ["-D", Path.Combine(folder, "data"), "-l", Path.Combine(folder, "log"), "-w", "-o",
            $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200", "start"], cancellationToken);
        return cluster;
    }

    /// <summary>A new empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = $"bench_{Interlocked.Increment(ref _databases)}";
        await RunAsync("createdb", ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", name], cancellationToken);
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name}";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("pg_ctl", ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"], CancellationToken.None);
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string tool, string[] arguments, CancellationToken cancellationToken, bool asPostgres = true)
    {
        var path = tool.StartsWith('/') ? tool : Path.Combine(Bin, tool);
        var root = asPostgres && Environment.UserName == "root";
        var start = new ProcessStartInfo(root ? "/usr/sbin/runuser" : path) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (root)
        {
            new[] { "-u", "postgres", "--", path }.ToList().ForEach(start.ArgumentList.Add);
        }
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} exited with {process.ExitCode}: {await error}{await output}");
        }
    }
}
