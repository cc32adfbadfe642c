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
/// <item><see cref="LockCustomerAsync"/> — one customer, alone, while other customers' calls and reads go on
/// (item quantities, charges), so 50 parallel add-item-quantity calls on one customer end at exactly +50;</item>
/// <item><see cref="ReadLockAsync"/> — shared, for calls that change nothing (a read sees a whole saved document,
/// never half of a change: every save replaces the customer's one row at once).</item>
/// </list>
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

    /// <summary>Customer locks are striped: two customers rarely share one, and the set never grows.</summary>
    private const int CustomerLockStripes = 64;

    private readonly SandboxDatabase _database;
    private readonly AsyncReaderWriterLock _store = new();
    private readonly SemaphoreSlim[] _customers = Enumerable.Range(0, CustomerLockStripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>
    /// One SQLite statement at a time writes (two writers would make SQLite back off with sleeps); reads too when the
    /// database is in memory (see <see cref="SandboxDatabase.IsInMemory"/>). Held only around the statement itself.
    /// </summary>
    private readonly Lock _statements = new();

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
    /// Exclusive access to one customer (named by code, else id, as the API names it) while other customers' calls go
    /// on; never during a whole-store lock. Which customer a code or id names cannot change meanwhile: creating and
    /// deleting customers takes the whole store.
    /// </summary>
    public async Task<IDisposable> LockCustomerAsync(string? code, string? id, CancellationToken cancellationToken)
    {
        var shared = await _store.ReadAsync(cancellationToken);
        try
        {
            // Keyed by id so that a call by code and one by id on the same customer take the same lock. An unknown
            // customer gets a 404 and changes nothing, so any stripe will do.
            var key = !string.IsNullOrEmpty(code) ? IdOfCode(code) ?? "" : id ?? "";
            var stripe = _customers[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % CustomerLockStripes)];
            await stripe.WaitAsync(cancellationToken);
            return new CustomerRelease(stripe, shared);
        }
        catch
        {
            shared.Dispose();
            throw;
        }
    }

    public CustomerRecord? FindByCode(string code) => Single("SELECT document FROM sandbox_customers WHERE code = $key", code);

    public CustomerRecord? FindById(string id) => Single("SELECT document FROM sandbox_customers WHERE id = $key", id);

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
        var document = JsonSerializer.Serialize(customer, CustomerJson.Default.CustomerRecord);
        Write(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO sandbox_customers (id, code, created, document) VALUES ($id, $code, $created, $document)
                ON CONFLICT(id) DO UPDATE SET code = excluded.code, document = excluded.document
                """;
            command.Parameters.AddWithValue("$id", customer.Id);
            command.Parameters.AddWithValue("$code", customer.Code);
            command.Parameters.AddWithValue("$created", customer.CreatedDatetime.UtcDateTime.ToString("O"));
            command.Parameters.AddWithValue("$document", document);
            return command.ExecuteNonQuery();
        });
    }

    public void Delete(string id) => Write(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM sandbox_customers WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteNonQuery();
    });

    public int DeleteAll() => Write(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM sandbox_customers";
        return command.ExecuteNonQuery();
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

    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        using (await LockAsync(cancellationToken))
        {
            Write(connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "DELETE FROM sandbox_customers; DELETE FROM sandbox_counters;";
                return command.ExecuteNonQuery();
            });
        }
    }

    private string? IdOfCode(string code) => Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM sandbox_customers WHERE code = $code";
        command.Parameters.AddWithValue("$code", code);
        return command.ExecuteScalar() as string;
    });

    private CustomerRecord? Single(string sql, string key)
    {
        var document = Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$key", key);
            return command.ExecuteScalar() as string;
        });
        return document is null ? null : Deserialize(document);
    }

    private static CustomerRecord Deserialize(string document) => JsonSerializer.Deserialize(document, CustomerJson.Default.CustomerRecord)!;

    private T Read<T>(Func<SqliteConnection, T> query)
    {
        using var lease = _database.Lease();
        if (!_database.IsInMemory)
        {
            // WAL: readers see the last commit and never wait for the writer.
            return query(lease.Connection);
        }
        lock (_statements)
        {
            return query(lease.Connection);
        }
    }

    private T Write<T>(Func<SqliteConnection, T> statement)
    {
        using var lease = _database.Lease();
        lock (_statements)
        {
            return statement(lease.Connection);
        }
    }

    private sealed class CustomerRelease(SemaphoreSlim customer, IDisposable shared) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                customer.Release();
                shared.Dispose();
            }
        }
    }
}
