using System.Collections.Concurrent;
using DemoSaaS.Tests.Shared;

namespace DemoSaaS.Web.Tests.Infrastructure;

/// <summary>
/// The app database of each test host. By default a fresh SQLite file, as the app runs out of the box; with the
/// environment variable <c>DEMOSAAS_TEST_DATABASE=Postgres</c> a fresh database on this test process's throwaway
/// PostgreSQL cluster (<see cref="PostgresCluster"/>), so the same tests check the app on PostgreSQL.
/// </summary>
/// <remarks>
/// A host's database is named by a SQLite file path either way (<see cref="BillingAppFactory.NewDatabasePath"/>): a
/// second host given the same path gets the same PostgreSQL database, so restart tests run unchanged. Tests that read
/// the SQLite files themselves carry <c>[Trait(TestDatabase.Trait, TestDatabase.SqliteOnly)]</c>; the PostgreSQL run
/// leaves them out (<c>--filter-not-trait "Database=SqliteOnly"</c>).
/// </remarks>
public static class TestDatabase
{
    public const string EnvironmentVariable = "DEMOSAAS_TEST_DATABASE";

    /// <summary>The trait name for tests bound to one database provider.</summary>
    public const string Trait = "Database";

    /// <summary>Tests that read or write the SQLite files themselves (durability, what is at rest in the file).</summary>
    public const string SqliteOnly = "SqliteOnly";

    private static readonly ConcurrentDictionary<string, Lazy<string>> PostgresDatabases = new(StringComparer.Ordinal);

    /// <summary>True when this run puts every app host on PostgreSQL.</summary>
    public static bool UsesPostgres { get; } = (Environment.GetEnvironmentVariable(EnvironmentVariable) ?? "") switch
    {
        "" => false,
        var value when value.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) => false,
        var value when value.Equals("Postgres", StringComparison.OrdinalIgnoreCase) => true,
        var value => throw new InvalidOperationException($"{EnvironmentVariable} must be 'Sqlite' or 'Postgres', not '{value}'."),
    };

    /// <summary>
    /// The settings that point the app at the database named by <paramref name="sqlitePath"/>: that SQLite file, or its
    /// PostgreSQL database (created on first use).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> SettingsFor(string sqlitePath)
    {
        if (!UsesPostgres)
        {
            return new Dictionary<string, string?> { ["ConnectionStrings:DefaultConnection"] = $"DataSource={sqlitePath}" };
        }
        var connectionString = PostgresDatabases.GetOrAdd(sqlitePath, _ => new Lazy<string>(() => Task.Run(async () =>
            await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync("web_test")).GetAwaiter().GetResult())).Value;
        return new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:DefaultConnection"] = connectionString,
        };
    }

    /// <summary>
    /// What the app's database named by <paramref name="sqlitePath"/> holds at rest, as text for "is never stored"
    /// checks: the SQLite file and its WAL as bytes (Latin-1, so stored ASCII shows as is), or a data dump of the
    /// PostgreSQL database.
    /// </summary>
    public static async Task<string> ReadAtRestAsync(string sqlitePath)
    {
        if (UsesPostgres)
        {
            var connectionString = SettingsFor(sqlitePath)["ConnectionStrings:DefaultConnection"]!;
            return await (await PostgresCluster.SharedAsync()).DumpDataAsync(connectionString, TestContext.Current.CancellationToken);
        }
        var text = new System.Text.StringBuilder();
        foreach (var path in new[] { sqlitePath, sqlitePath + "-wal" }.Where(File.Exists))
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
            text.Append(await reader.ReadToEndAsync(TestContext.Current.CancellationToken));
        }
        return text.ToString();
    }

    /// <summary>Deletes the SQLite file (with its WAL, shared-memory and single-instance lock files) or drops the PostgreSQL database named by the path.</summary>
    public static void Delete(string sqlitePath)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { sqlitePath, sqlitePath + "-wal", sqlitePath + "-shm", sqlitePath + ".lock" })
        {
            File.Delete(file);
        }
        if (PostgresDatabases.TryRemove(sqlitePath, out var created) && created.IsValueCreated)
        {
            Task.Run(async () => await (await PostgresCluster.SharedAsync()).DropDatabaseAsync(created.Value)).GetAwaiter().GetResult();
        }
    }
}
