using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DemoSaaS.CheddarSandbox.Customers;
using DemoSaaS.CheddarSandbox.Hosting;
using Microsoft.Data.Sqlite;

namespace DemoSaaS.CheddarSandbox.Storage;

/// <summary>
/// Customers as one JSON document each, plus counters (invoice numbers, error ids), in SQLite.
/// Every API call and every billing run holds one of three locks for its whole read-change-write:
/// <list type="bullet">
/// <item><see cref="LockAsync"/> — the whole store, alone (signup, import, delete, plan changes, billing runs, reset);</item>
/// <item><see cref="ChangeAsync"/> — a change to one existing customer (item quantities, charges): one such call at
/// a time, while reads go on, so 50 parallel add-item-quantity calls on one customer end at exactly +50;</item>
/// <item><see cref="ReadLockAsync"/> — shared, for calls that change nothing (a read sees a whole saved document,
/// never half of a change: every save replaces the customer's one row at once).</item>
/// </list>
/// Saved documents are also kept in memory by id (and ids by code), so a lookup is a dictionary read plus one
/// deserialization — every caller still gets its own copy to change. The table stays the truth: a document enters
/// the memory copy only after its row is committed, and one database file must be used by one sandbox process.
/// </summary>
public sealed class CustomerStore : ISandboxResettable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS sandbox_customers (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL,
            document TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS sandbox_counters (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL);
        """;

    // Reflection-based on purpose: the source generator reads types with required members through its slower
    // constructor-arguments path (measured 3x the time of this for a customer document).
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    private const string ClockOffsetCounter = "clock-offset-ticks";

    private readonly SandboxDatabase _database;
    private readonly AsyncReaderWriterLock _store = new();

    /// <summary>
    /// One change at a time, run back to back (see <see cref="ChangeRunner"/>). Not one queue per customer: their
    /// changes would then meet at SQLite's single writer anyway, and on a small machine the losers spin for it while the
    /// winner waits for a core.
    /// </summary>
    private readonly ChangeRunner _changes = new();

    /// <summary>
    /// One SQLite statement at a time writes (two writers would make SQLite back off with sleeps); reads too when the
    /// database is in memory (see <see cref="SandboxDatabase.IsInMemory"/>). Held only around the statement itself;
    /// the locks above already keep writers apart, so it is rarely contended (error ids of refused reads).
    /// </summary>
    private readonly SemaphoreSlim _statements = new(1, 1);

    /// <summary>Save statements by pooled connection (dropped with the connection).</summary>
    private readonly ConditionalWeakTable<SqliteConnection, SqliteCommand> _saveCommands = new();

    /// <summary>The committed JSON document of every customer seen since start, by id.</summary>
    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);

    /// <summary>Customer ids by code (a code never changes; deleting is the only way to free it).</summary>
    private readonly ConcurrentDictionary<string, string> _ids = new(StringComparer.Ordinal);

    public CustomerStore(SandboxDatabase database)
    {
        _database = database;
        _database.EnsureSchema(Schema);
    }

    /// <summary>Exclusive access to the whole store: no other call, on any customer, runs meanwhile.</summary>
    public Task<IDisposable> LockAsync(CancellationToken cancellationToken) => _store.WriteAsync(cancellationToken);

    /// <summary>Shared access for a call that changes no customer: reads run side by side, never during a whole-store lock.</summary>
    public Task<IDisposable> ReadLockAsync(CancellationToken cancellationToken) => _store.ReadAsync(cancellationToken);

    /// <summary>
    /// Runs a change to one existing customer: no other change and no whole-store lock meanwhile, reads go on (they
    /// see the last saved document). The task completes once <paramref name="change"/> has returned, its save committed.
    /// </summary>
    public async Task<T> ChangeAsync<T>(Func<T> change, CancellationToken cancellationToken)
    {
        using (await _store.ReadAsync(cancellationToken))
        {
            // Queued changes run whatever happens to their callers: a change is never left half done.
            return await _changes.RunAsync(change);
        }
    }

    public CustomerRecord? FindByCode(string code) =>
        IdOfCode(code) is { } id && DocumentOf(id) is { } document ? Deserialize(document) : null;

    public CustomerRecord? FindById(string id) => DocumentOf(id) is { } document ? Deserialize(document) : null;

    public List<CustomerRecord> All()
    {
        var documents = Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT document FROM sandbox_customers ORDER BY created, code";
            using var reader = command.ExecuteReader();
            var found = new List<string>();
            while (reader.Read())
            {
                found.Add(reader.GetString(0));
            }
            return found;
        });
        return documents.ConvertAll(Deserialize);
    }

    public void Save(CustomerRecord customer)
    {
        var document = JsonSerializer.Serialize(customer, Json);
        Write(connection =>
        {
            var command = _saveCommands.GetValue(connection, CreateSaveCommand);
            command.Parameters[0].Value = customer.Id;
            command.Parameters[1].Value = customer.Code;
            command.Parameters[2].Value = customer.CreatedDatetime.UtcDateTime.ToString("O");
            command.Parameters[3].Value = document;
            var changed = command.ExecuteNonQuery();
            // Committed: from now on lookups see this version (same-customer saves never overlap: see the locks).
            _documents[customer.Id] = document;
            _ids[customer.Code] = customer.Id;
            return changed;
        });
    }

    /// <summary>
    /// The save statement of one pooled connection, prepared once (parsing it again on every save cost as much as
    /// running it). An update replaces the document only: a customer's code never changes, and leaving it out of the
    /// update keeps SQLite from rewriting the code index, one page less per save.
    /// </summary>
    private static SqliteCommand CreateSaveCommand(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO sandbox_customers (id, code, created, document) VALUES ($id, $code, $created, $document)
            ON CONFLICT(id) DO UPDATE SET document = excluded.document
            """;
        command.Parameters.Add("$id", SqliteType.Text);
        command.Parameters.Add("$code", SqliteType.Text);
        command.Parameters.Add("$created", SqliteType.Text);
        command.Parameters.Add("$document", SqliteType.Text);
        command.Prepare();
        return command;
    }

    public void Delete(string id) => Write(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM sandbox_customers WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        var deleted = command.ExecuteNonQuery();
        _documents.TryRemove(id, out _);
        foreach (var (code, _) in _ids.Where(entry => entry.Value == id))
        {
            _ids.TryRemove(code, out _);
        }
        return deleted;
    });

    public int DeleteAll() => Write(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM sandbox_customers";
        var deleted = command.ExecuteNonQuery();
        Forget();
        return deleted;
    });

    /// <summary>
    /// Next value of a persistent counter (invoice numbers, error ids), starting at 1. One statement, so values stay
    /// unique whichever lock the caller holds (error ids are also taken by reads and refused requests).
    /// </summary>
    public long Next(string counter) => Write(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO sandbox_counters (name, value) VALUES ($name, 1)
            ON CONFLICT(name) DO UPDATE SET value = value + 1
            RETURNING value
            """;
        command.Parameters.AddWithValue("$name", counter);
        return (long)command.ExecuteScalar()!;
    });

    /// <summary>
    /// The sandbox clock's offset from real time, kept beside the state it billed: a sandbox restarted on the same file
    /// resumes at the "now" its customers were billed up to, instead of going back to real time. Zero when never moved
    /// (or after a reset, which clears the counters).
    /// </summary>
    public TimeSpan ReadClockOffset() => TimeSpan.FromTicks(Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM sandbox_counters WHERE name = $name";
        command.Parameters.AddWithValue("$name", ClockOffsetCounter);
        return command.ExecuteScalar() is long ticks ? ticks : 0L;
    }));

    /// <summary>Stores the clock's offset; called by the billing run, under the store's lock, each time the clock moves.</summary>
    public void SaveClockOffset(TimeSpan offset) => Write(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO sandbox_counters (name, value) VALUES ($name, $value)
            ON CONFLICT(name) DO UPDATE SET value = excluded.value
            """;
        command.Parameters.AddWithValue("$name", ClockOffsetCounter);
        command.Parameters.AddWithValue("$value", offset.Ticks);
        return command.ExecuteNonQuery();
    });

    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        using (await LockAsync(cancellationToken))
        {
            Write(connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "DELETE FROM sandbox_customers; DELETE FROM sandbox_counters;";
                var deleted = command.ExecuteNonQuery();
                Forget();
                return deleted;
            });
        }
    }

    private string? IdOfCode(string code)
    {
        if (_ids.TryGetValue(code, out var id))
        {
            return id;
        }
        return Load("SELECT id, code, document FROM sandbox_customers WHERE code = $key", code)?.Id;
    }

    private string? DocumentOf(string id)
    {
        if (_documents.TryGetValue(id, out var document))
        {
            return document;
        }
        return Load("SELECT id, code, document FROM sandbox_customers WHERE id = $key", id)?.Document;
    }

    /// <summary>
    /// Reads a row the memory copy does not have yet and adds it, unless a save added a newer version meanwhile
    /// (saves replace; this only adds, so an older read never overwrites a newer save).
    /// </summary>
    private (string Id, string Document)? Load(string sql, string key)
    {
        var row = Read<(string Id, string Code, string Document)?>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$key", key);
            using var reader = command.ExecuteReader();
            return reader.Read() ? (reader.GetString(0), reader.GetString(1), reader.GetString(2)) : null;
        });
        if (row is not { } found)
        {
            return null;
        }
        var document = _documents.GetOrAdd(found.Id, found.Document);
        _ids.TryAdd(found.Code, found.Id);
        return (found.Id, document);
    }

    private void Forget()
    {
        _documents.Clear();
        _ids.Clear();
    }

    private static CustomerRecord Deserialize(string document) => JsonSerializer.Deserialize<CustomerRecord>(document, Json)!;

    private T Read<T>(Func<SqliteConnection, T> query)
    {
        using var lease = _database.Lease();
        if (!_database.IsInMemory)
        {
            // WAL: readers see the last commit and never wait for the writer.
            return query(lease.Connection);
        }
        _statements.Wait();
        try
        {
            return query(lease.Connection);
        }
        finally
        {
            _statements.Release();
        }
    }

    private T Write<T>(Func<SqliteConnection, T> statement)
    {
        using var lease = _database.Lease();
        _statements.Wait();
        try
        {
            return statement(lease.Connection);
        }
        finally
        {
            _statements.Release();
        }
    }
}
