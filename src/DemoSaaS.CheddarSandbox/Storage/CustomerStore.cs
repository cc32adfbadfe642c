using System.Text.Json;
using DemoSaaS.CheddarSandbox.Customers;
using DemoSaaS.CheddarSandbox.Hosting;

namespace DemoSaaS.CheddarSandbox.Storage;

/// <summary>
/// Customers as one JSON document each, plus counters (invoice numbers, error ids), in SQLite.
/// Every API call and every billing run holds <see cref="LockAsync"/> for its whole read-change-write, so concurrent
/// calls are serialized: 50 parallel add-item-quantity calls end at exactly +50. A sandbox needs correctness, not throughput.
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

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);
    private readonly SandboxDatabase _database;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public CustomerStore(SandboxDatabase database)
    {
        _database = database;
        _database.EnsureSchema(Schema);
    }

    /// <summary>Exclusive access to the sandbox's billing state for one call.</summary>
    public async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Release(_gate);
    }

    public CustomerRecord? FindByCode(string code) => Single("SELECT document FROM sandbox_customers WHERE code = $key", code);

    public CustomerRecord? FindById(string id) => Single("SELECT document FROM sandbox_customers WHERE id = $key", id);

    public List<CustomerRecord> All()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM sandbox_customers ORDER BY created, code";
        using var reader = command.ExecuteReader();
        var customers = new List<CustomerRecord>();
        while (reader.Read())
        {
            customers.Add(JsonSerializer.Deserialize<CustomerRecord>(reader.GetString(0), Json)!);
        }
        return customers;
    }

    public void Save(CustomerRecord customer)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO sandbox_customers (id, code, created, document) VALUES ($id, $code, $created, $document)
            ON CONFLICT(id) DO UPDATE SET code = excluded.code, document = excluded.document
            """;
        command.Parameters.AddWithValue("$id", customer.Id);
        command.Parameters.AddWithValue("$code", customer.Code);
        command.Parameters.AddWithValue("$created", customer.CreatedDatetime.UtcDateTime.ToString("O"));
        command.Parameters.AddWithValue("$document", JsonSerializer.Serialize(customer, Json));
        command.ExecuteNonQuery();
    }

    public void Delete(string id)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM sandbox_customers WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
    }

    public int DeleteAll()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM sandbox_customers";
        return command.ExecuteNonQuery();
    }

    /// <summary>Next value of a persistent counter (invoice numbers, error ids), starting at 1.</summary>
    public long Next(string counter)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO sandbox_counters (name, value) VALUES ($name, 1)
            ON CONFLICT(name) DO UPDATE SET value = value + 1
            RETURNING value
            """;
        command.Parameters.AddWithValue("$name", counter);
        return (long)command.ExecuteScalar()!;
    }

    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        using (await LockAsync(cancellationToken))
        {
            using var connection = _database.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM sandbox_customers; DELETE FROM sandbox_counters;";
            command.ExecuteNonQuery();
        }
    }

    private CustomerRecord? Single(string sql, string key)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() is string document ? JsonSerializer.Deserialize<CustomerRecord>(document, Json) : null;
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
