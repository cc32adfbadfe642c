using DemoSaaS.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Infrastructure.Instances;

/// <summary>
/// SQLite serves one instance: its locks, the in-process gating and the in-process distributed-lock provider all assume
/// one process. This holds an exclusive lock on <c>&lt;database&gt;.lock</c> for the life of the process, so a second
/// instance on the same file refuses to start with one line instead of silently double-counting. In-memory databases
/// have no file and are exempt; PostgreSQL needs none of this.
/// </summary>
/// <remarks>
/// .NET takes the exclusive lock with <c>flock</c> on Linux and macOS for a file opened with <see cref="FileShare.None"/>,
/// and the operating system frees it when the process ends, however it ends: no stale lock after a crash. The lock file
/// is left in place (deleting it on exit would let two processes lock two different files of the same name).
/// </remarks>
public sealed class SqliteInstanceLock(IOptions<DatabaseOptions> options) : IDisposable
{
    private FileStream? _lockFile;

    /// <summary>The lock file held, or null (another provider, an in-memory database, or not acquired yet).</summary>
    public string? LockFilePath { get; private set; }

    /// <summary>Takes the lock, or throws with a one-line reason when another process holds it. Idempotent.</summary>
    public void Acquire()
    {
        var settings = options.Value;
        if (_lockFile is not null || settings.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }
        var connection = new SqliteConnectionStringBuilder(settings.ConnectionString);
        if (connection.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(connection.DataSource) || connection.DataSource == ":memory:")
        {
            return;
        }
        var database = Path.GetFullPath(connection.DataSource);
        var path = database + ".lock";
        if (Path.GetDirectoryName(path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
        try
        {
            _lockFile = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new InvalidOperationException(
                $"Another instance is already running on the SQLite database '{database}' (it holds '{path}'): SQLite serves one instance; "
                + "stop the other one, or set Database:Provider=Postgres to run several.");
        }
        LockFilePath = path;
    }

    public void Dispose()
    {
        _lockFile?.Dispose();
        _lockFile = null;
    }
}
