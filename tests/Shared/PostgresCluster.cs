using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace DemoSaaS.Tests.Shared;

/// <summary>
/// A throwaway PostgreSQL cluster for tests: <c>initdb</c> into a temp folder, <c>pg_ctl start</c> on 127.0.0.1 at a
/// free port (plus a unix socket in that folder), trust authentication for loopback, and fresh empty databases on
/// demand. No containers and no system cluster: the Debian PostgreSQL binaries are run directly.
/// </summary>
/// <remarks>
/// <para>
/// <b>Root.</b> <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c> refuse to run as root. When the tests run as root
/// (CI here does), every PostgreSQL binary is run as the <c>postgres</c> system user through
/// <c>runuser -u postgres --</c> (the user is created with <c>useradd --system</c> if the package did not), and the
/// temp folder is made under /tmp and handed to that user. As any other user the binaries run as that user.
/// </para>
/// <para>
/// <b>Nothing left behind.</b> <see cref="DisposeAsync"/> stops the cluster (<c>pg_ctl stop -m immediate</c>) and
/// deletes the folder; <see cref="SharedAsync"/>'s cluster is disposed the same way on process exit. A test run that
/// is killed (kill -9, a runner's hang timeout, a killed process group) runs neither, so every cluster also gets a
/// watchdog: a tiny shell started in its own session (<c>setsid</c>, so a signal to the test's process group does not
/// take it down) that polls the test process's pid every second and, once it is gone, sends the postmaster SIGQUIT
/// (immediate shutdown) and deletes the folder. The postmaster itself is detached by <c>pg_ctl</c>, so without the
/// watchdog it would outlive the test process.
/// </para>
/// </remarks>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string SuperUser = "postgres";
    private const string InstallHint =
        "PostgreSQL is not installed: install postgresql with apt-get (as root: apt-get install -y postgresql), " +
        "or set DEMOSAAS_PG_BINDIR to the folder holding initdb, pg_ctl and postgres.";

    private static readonly object SharedGate = new();
    private static Task<PostgresCluster>? _shared;
    private static int _databaseCounter;

    private readonly string _binDirectory;
    private readonly bool _runAsPostgresUser;
    private Process? _watchdog;
    private int _disposed;

    private PostgresCluster(string folder, string binDirectory, bool runAsPostgresUser, int port)
    {
        Folder = folder;
        _binDirectory = binDirectory;
        _runAsPostgresUser = runAsPostgresUser;
        Port = port;
        AdminConnectionString = ConnectionStringFor("postgres");
    }

    /// <summary>The temp folder holding the data directory, the server log and the unix socket.</summary>
    public string Folder { get; }

    public string DataDirectory => Path.Combine(Folder, "data");

    /// <summary>The folder of the unix socket (<c>Host=</c> this folder reaches the server without TCP).</summary>
    public string SocketDirectory => Folder;

    public string LogFile => Path.Combine(Folder, "server.log");

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The superuser on the <c>postgres</c> maintenance database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>
    /// One cluster for the whole test process, started on first use and stopped when the process exits (or by the
    /// watchdog if it dies). Tests take fresh databases from it with <see cref="CreateDatabaseAsync"/>.
    /// </summary>
    public static Task<PostgresCluster> SharedAsync()
    {
        lock (SharedGate)
        {
            if (_shared is null || _shared.IsFaulted || _shared.IsCanceled)
            {
                _shared = StartSharedAsync();
            }
            return _shared;
        }
    }

    private static async Task<PostgresCluster> StartSharedAsync()
    {
        var cluster = await StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.StopNow();
        return cluster;
    }

    /// <summary>Makes and starts a new cluster (about a second here). Dispose it to stop it and delete its folder.</summary>
    public static async Task<PostgresCluster> StartAsync(CancellationToken cancellationToken = default)
    {
        var binDirectory = FindBinDirectory();
        var runAsPostgresUser = Environment.IsPrivilegedProcess;
        if (runAsPostgresUser)
        {
            await EnsurePostgresUserAsync(cancellationToken);
        }

        // As root the folder must be reachable by the postgres user; /tmp is world-traversable, $TMPDIR may not be.
        var parent = runAsPostgresUser ? "/tmp" : Path.GetTempPath();
        var folder = Path.Combine(parent, $"demosaas-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        var cluster = default(PostgresCluster);
        try
        {
            if (runAsPostgresUser)
            {
                await RunAsync("chown", [SuperUser + ":", folder], cancellationToken);
            }

            var lastError = "";
            // A free port is found by binding port 0 and letting it go; another process may take it before the
            // server binds it, so a failed start on a taken port is retried on a new one.
            for (var attempt = 1; attempt <= 3; attempt++)
            {
                var port = FreePort();
                cluster = new PostgresCluster(folder, binDirectory, runAsPostgresUser, port);
                if (attempt == 1)
                {
                    await cluster.InitDbAsync(cancellationToken);
                }
                cluster.WriteSettings();
                cluster.StartWatchdog();
                var (exitCode, output) = await cluster.RunPostgresBinaryAsync("pg_ctl",
                    ["start", "-D", cluster.DataDirectory, "-l", cluster.LogFile, "-w", "-t", "30"], cancellationToken);
                if (exitCode == 0)
                {
                    return cluster;
                }
                cluster.StopWatchdog();
                lastError = output + Environment.NewLine + ReadLogTail(cluster.LogFile);
                if (!lastError.Contains("could not bind", StringComparison.OrdinalIgnoreCase)
                    && !lastError.Contains("already in use", StringComparison.OrdinalIgnoreCase))
                {
                    break;
                }
            }
            throw new InvalidOperationException($"PostgreSQL did not start in {folder}:{Environment.NewLine}{lastError}");
        }
        catch
        {
            cluster?.StopWatchdog();
            TryDeleteFolder(folder);
            throw;
        }
    }

    /// <summary>
    /// Creates a fresh empty database and returns a connection string for it (superuser, TCP on 127.0.0.1).
    /// </summary>
    /// <param name="prefix">Readable start of the database name (letters, digits, underscores), e.g. the test class.</param>
    public async Task<string> CreateDatabaseAsync(string? prefix = null, CancellationToken cancellationToken = default)
    {
        var name = NewDatabaseName(prefix);
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        return ConnectionStringFor(name);
    }

    /// <summary>
    /// Drops a database made by <see cref="CreateDatabaseAsync"/>, first clearing this process's Npgsql pool for
    /// <paramref name="connectionString"/> and ending any session still on it. Idle pooled connections would
    /// otherwise pile up over a test run until the server's max_connections is reached.
    /// </summary>
    public async Task DropDatabaseAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        await TerminateConnectionsAsync(database, cancellationToken: cancellationToken);
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        // DROP DATABASE forces a checkpoint and waits for the database's sessions to end: on a loaded machine that has
        // taken longer than Npgsql's default 30 s once, so it gets more time, and a failure says who was in the way.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database.Replace("\"", "\"\"")}\" WITH (FORCE)", connection)
        {
            CommandTimeout = 120,
        };
        try
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception error) when (error is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException($"DROP DATABASE {database} failed; sessions at the time:{Environment.NewLine}{await ActivityAsync()}", error);
        }
    }

    /// <summary>Every other server session (database, application, state, wait event, query), for failure messages.</summary>
    private async Task<string> ActivityAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString);
            await connection.OpenAsync();
            await using var activity = new NpgsqlCommand(
                """
                SELECT string_agg(format('%s %s %s %s/%s: %s', pid, datname, application_name, state, wait_event, left(query, 200)), E'\n')
                FROM pg_stat_activity WHERE pid <> pg_backend_pid()
                """, connection);
            return (await activity.ExecuteScalarAsync()) as string ?? "(none)";
        }
        catch (NpgsqlException error)
        {
            return $"(could not read pg_stat_activity: {error.Message})";
        }
    }

    /// <summary>
    /// Kills the server sessions on <paramref name="database"/> (only those whose application_name is
    /// <paramref name="applicationName"/>, when given) with <c>pg_terminate_backend</c>, waiting up to 5 s for each
    /// to end; what a crashed network or a DBA does to a listening connection. Returns how many were ended.
    /// </summary>
    public async Task<int> TerminateConnectionsAsync(string database, string? applicationName = null, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var terminate = new NpgsqlCommand(
            """
            SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000))::int
            FROM pg_stat_activity
            WHERE datname = @database
              AND (@application::text IS NULL OR application_name = @application::text)
              AND pid <> pg_backend_pid()
            """, connection);
        terminate.Parameters.AddWithValue("database", database);
        terminate.Parameters.AddWithValue("application", (object?)applicationName ?? DBNull.Value);
        return (int)(await terminate.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// What the database holds at rest, as text: <c>pg_dump --data-only</c> of the database <paramref name="connectionString"/>
    /// names (values decompressed, one row a line), for tests that check what is never stored, such as card numbers.
    /// </summary>
    public async Task<string> DumpDataAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        var (exitCode, output) = await RunCapturedAsync(Path.Combine(_binDirectory, "pg_dump"),
            ["--data-only", "--no-owner", "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", SuperUser, database],
            null, cancellationToken);
        return exitCode == 0 ? output : throw new InvalidOperationException($"pg_dump of {database} failed ({exitCode}):{Environment.NewLine}{output}");
    }

    /// <summary>A connection string for <paramref name="database"/> on this cluster, as the superuser over TCP.</summary>
    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = database,
        // A failing test should say which row broke which constraint; these are throwaway test databases.
        IncludeErrorDetail = true,
    }.ConnectionString;

    /// <summary>Stops the server at once (<c>pg_ctl stop -m immediate</c>) and deletes its folder.</summary>
    public ValueTask DisposeAsync()
    {
        StopNow();
        return ValueTask.CompletedTask;
    }

    private void StopNow()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        try
        {
            // Synchronous on purpose: this also runs in ProcessExit, where nothing asynchronous is awaited.
            RunPostgresBinaryAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "10"], CancellationToken.None)
                .GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            // The watchdog sends SIGQUIT once this process is gone; nothing more to do here.
        }
        StopWatchdog();
        TryDeleteFolder(Folder);
    }

    private async Task InitDbAsync(CancellationToken cancellationToken)
    {
        // --no-sync: the data folder is thrown away with the run, so initdb need not wait for the disk.
        var (exitCode, output) = await RunPostgresBinaryAsync("initdb",
            ["-D", DataDirectory, "-U", SuperUser, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"],
            cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed in {DataDirectory}:{Environment.NewLine}{output}");
        }
    }

    private void WriteSettings()
    {
        // Appended, so the last value wins over initdb's; the file stays owned by the server's user.
        var settings = $"""

            # Set by the tests' PostgresCluster
            listen_addresses = '127.0.0.1'
            port = {Port}
            unix_socket_directories = '{Folder}'
            # Several app hosts with their pools, the relay's locks, listeners and the tests' own connections.
            max_connections = 300
            # fsync only matters when the machine itself crashes: it decides whether committed data survives a
            # power loss. The tests kill app instances, sessions and the server process (whose committed work
            # stays in the OS page cache and is recovered from the WAL), never the machine, and the folder is
            # deleted after the run anyway. Transactions, locks, isolation and WAL replay are unchanged, so every
            # invariant the tests check means the same as in production; only the wait for the disk goes.
            fsync = off
            log_line_prefix = '%m [%p] %q%a@%d '
            """;
        File.AppendAllText(Path.Combine(DataDirectory, "postgresql.conf"), settings);
    }

    private void StartWatchdog()
    {
        var postmasterPidFile = Path.Combine(DataDirectory, "postmaster.pid");
        // "Alive" is read from /proc: a killed test process can stay a zombie for a while (kill -0 still succeeds on
        // it, and this sandbox's pid 1 reaps nothing), and a pid can be reused; its start time tells them apart.
        var script = $$"""
            exec </dev/null >/dev/null 2>&1
            trap '' INT HUP TERM
            stat() { sed 's/^.*) //' /proc/{{Environment.ProcessId}}/stat 2>/dev/null; }
            started=$(stat | cut -d' ' -f20)
            alive() { s=$(stat); [ -n "$s" ] && [ "${s%% *}" != Z ] && [ "$(echo "$s" | cut -d' ' -f20)" = "$started" ]; }
            while alive; do sleep 1; done
            pid=$(head -n 1 '{{postmasterPidFile}}' 2>/dev/null)
            if [ -n "$pid" ] && kill -QUIT "$pid" 2>/dev/null; then
              i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
            fi
            rm -rf '{{Folder}}'
            """;
        var start = new ProcessStartInfo("setsid", ["sh", "-c", script])
        {
            // Pipes this process never reads: the script swaps them for /dev/null at once, so a reader of the test
            // process's own output never waits on the watchdog.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _watchdog = Process.Start(start) ?? throw new InvalidOperationException("Could not start the cluster's watchdog (setsid sh).");
    }

    private void StopWatchdog()
    {
        var watchdog = Interlocked.Exchange(ref _watchdog, null);
        if (watchdog is null)
        {
            return;
        }
        try
        {
            if (!watchdog.HasExited)
            {
                watchdog.Kill();
                watchdog.WaitForExit(2000);
            }
        }
        catch (InvalidOperationException)
        {
            // It already ended.
        }
        watchdog.Dispose();
    }

    private Task<(int ExitCode, string Output)> RunPostgresBinaryAsync(string binary, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, binary);
        return _runAsPostgresUser
            ? RunCapturedAsync("runuser", ["-u", SuperUser, "--", path, .. arguments], Folder, cancellationToken)
            : RunCapturedAsync(path, arguments, Folder, cancellationToken);
    }

    private static string FindBinDirectory()
    {
        static bool Holds(string? folder) =>
            !string.IsNullOrEmpty(folder) && File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"));

        var configured = Environment.GetEnvironmentVariable("DEMOSAAS_PG_BINDIR");
        if (!string.IsNullOrEmpty(configured))
        {
            return Holds(configured) ? configured : throw new InvalidOperationException($"DEMOSAAS_PG_BINDIR={configured} holds no initdb/pg_ctl. {InstallHint}");
        }
        // Debian's pg_config answers for the newest installed major version; then the known folders, newest first.
        var candidates = new List<string?>();
        try
        {
            candidates.Add(RunCapturedAsync("pg_config", ["--bindir"], null, CancellationToken.None).GetAwaiter().GetResult().Output.Trim());
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No pg_config on PATH.
        }
        candidates.Add("/usr/lib/postgresql/15/bin");
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(v => v, StringComparer.Ordinal).Select(v => Path.Combine(v, "bin")));
        }
        return candidates.FirstOrDefault(Holds) ?? throw new InvalidOperationException(InstallHint);
    }

    private static async Task EnsurePostgresUserAsync(CancellationToken cancellationToken)
    {
        if ((await RunCapturedAsync("id", ["-u", SuperUser], null, cancellationToken)).ExitCode == 0)
        {
            return;
        }
        await RunAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SuperUser], cancellationToken);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string NewDatabaseName(string? prefix)
    {
        var readable = new StringBuilder();
        foreach (var c in (prefix ?? "demosaas").ToLowerInvariant())
        {
            readable.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }
        if (readable.Length == 0 || !char.IsAsciiLetter(readable[0]))
        {
            readable.Insert(0, "db_");
        }
        var suffix = $"_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid():N}"[..14];
        // PostgreSQL names are at most 63 bytes.
        return readable.ToString()[..Math.Min(readable.Length, 63 - suffix.Length)] + suffix;
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await RunCapturedAsync(fileName, arguments, null, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed ({exitCode}):{Environment.NewLine}{output}");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunCapturedAsync(string fileName, IReadOnlyList<string> arguments, string? workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // As the postgres user the caller's working folder may be unreadable; the binaries then complain.
            WorkingDirectory = workingDirectory ?? "/",
        };
        start.Environment["LC_ALL"] = "C.UTF-8";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        // pg_ctl start leaves the postmaster holding inherited pipes unless it is given a log file (it is: -l), so
        // reading both streams to the end returns once pg_ctl itself is done.
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private static string ReadLogTail(string logFile)
    {
        try
        {
            return string.Join(Environment.NewLine, File.ReadLines(logFile).TakeLast(20));
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Already gone, or a file still held; the watchdog deletes it once this process ends.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
