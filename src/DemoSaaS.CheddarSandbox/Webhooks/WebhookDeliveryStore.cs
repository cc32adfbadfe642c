using DemoSaaS.CheddarSandbox.Hosting;
using DemoSaaS.CheddarSandbox.Storage;
using Microsoft.Data.Sqlite;

namespace DemoSaaS.CheddarSandbox.Webhooks;

/// <summary>
/// The delivery log in SQLite: a row per event and target URL, so pending deliveries survive a restart.
/// Delivery times are real time (unix milliseconds), not the sandbox clock: retries happen in the real world.
/// </summary>
public sealed class WebhookDeliveryStore : ISandboxResettable
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    private const string Columns =
        "id, activity_id, activity_type, url, body, signature, status, attempts, last_status_code, last_error, created_at, next_attempt_at, delivered_at, redelivery_of";

    private readonly SandboxDatabase _database;

    public WebhookDeliveryStore(SandboxDatabase database)
    {
        _database = database;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS sandbox_webhook_deliveries (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                activity_id TEXT NOT NULL,
                activity_type TEXT NOT NULL,
                url TEXT NOT NULL,
                body BLOB NOT NULL,
                signature TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                last_status_code INTEGER NULL,
                last_error TEXT NULL,
                created_at INTEGER NOT NULL,
                next_attempt_at INTEGER NULL,
                delivered_at INTEGER NULL,
                redelivery_of INTEGER NULL
            );
            CREATE INDEX IF NOT EXISTS ix_sandbox_webhook_deliveries_due ON sandbox_webhook_deliveries (status, next_attempt_at);
            """);
    }

    /// <summary>Writes one pending row per target URL, due at once.</summary>
    internal void Add(WebhookEvent webhookEvent)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var url in webhookEvent.Urls)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO sandbox_webhook_deliveries (activity_id, activity_type, url, body, signature, status, created_at, next_attempt_at)
                VALUES ($activityId, $activityType, $url, $body, $signature, 'pending', $now, $now)
                """;
            command.Parameters.AddWithValue("$activityId", webhookEvent.ActivityId);
            command.Parameters.AddWithValue("$activityType", webhookEvent.ActivityType);
            command.Parameters.AddWithValue("$url", url);
            command.Parameters.AddWithValue("$body", webhookEvent.Body);
            command.Parameters.AddWithValue("$signature", webhookEvent.Signature);
            command.Parameters.AddWithValue("$now", webhookEvent.PublishedAt.ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>A new pending row repeating delivery <paramref name="id"/> (same URL, activityId, body and signature).</summary>
    public WebhookDelivery? Redeliver(long id, DateTimeOffset now)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO sandbox_webhook_deliveries (activity_id, activity_type, url, body, signature, status, created_at, next_attempt_at, redelivery_of)
            SELECT activity_id, activity_type, url, body, signature, 'pending', $now, $now, id FROM sandbox_webhook_deliveries WHERE id = $id
            RETURNING id
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return command.ExecuteScalar() is long newId ? Get(newId) : null;
    }

    public WebhookDelivery? Get(long id) => Query($"SELECT {Columns} FROM sandbox_webhook_deliveries WHERE id = $id", ("$id", id)).SingleOrDefault();

    /// <summary>The whole log, oldest first.</summary>
    public IReadOnlyList<WebhookDelivery> List() => Query($"SELECT {Columns} FROM sandbox_webhook_deliveries ORDER BY id");

    /// <summary>Pending deliveries due at <paramref name="now"/>, oldest first, skipping those already being sent.</summary>
    internal IReadOnlyList<WebhookDelivery> Due(DateTimeOffset now, IReadOnlyCollection<long> inFlight, int limit) =>
        Query($"""
            SELECT {Columns} FROM sandbox_webhook_deliveries
            WHERE status = 'pending' AND next_attempt_at <= $now {ExcludeInFlight(inFlight)}
            ORDER BY next_attempt_at, id LIMIT $limit
            """, ("$now", now.ToUnixTimeMilliseconds()), ("$limit", limit));

    /// <summary>When the next pending delivery not already being sent is due; null when none is.</summary>
    internal DateTimeOffset? NextDueAt(IReadOnlyCollection<long> inFlight)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT MIN(next_attempt_at) FROM sandbox_webhook_deliveries WHERE status = 'pending' {ExcludeInFlight(inFlight)}";
        return command.ExecuteScalar() is long next ? DateTimeOffset.FromUnixTimeMilliseconds(next) : null;
    }

    /// <summary>Records one attempt's outcome: delivered, pending again at <paramref name="retryAt"/>, or failed when that is null.</summary>
    internal void RecordAttempt(long id, bool delivered, int? statusCode, string? error, DateTimeOffset now, DateTimeOffset? retryAt)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE sandbox_webhook_deliveries
            SET attempts = attempts + 1, last_status_code = $statusCode, last_error = $error, status = $status,
                next_attempt_at = $next, delivered_at = $deliveredAt
            WHERE id = $id
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$statusCode", (object?)statusCode ?? DBNull.Value);
        command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
        command.Parameters.AddWithValue("$status", delivered ? Delivered : retryAt is null ? Failed : Pending);
        command.Parameters.AddWithValue("$next", delivered || retryAt is null ? DBNull.Value : retryAt.Value.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$deliveredAt", delivered ? now.ToUnixTimeMilliseconds() : DBNull.Value);
        command.ExecuteNonQuery();
    }

    public Task ResetAsync(CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM sandbox_webhook_deliveries";
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    // Ids come from our own rows (longs), never from input, so inlining them is safe.
    private static string ExcludeInFlight(IReadOnlyCollection<long> inFlight) =>
        inFlight.Count == 0 ? "" : $"AND id NOT IN ({string.Join(',', inFlight)})";

    private List<WebhookDelivery> Query(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        using var reader = command.ExecuteReader();
        var rows = new List<WebhookDelivery>();
        while (reader.Read())
        {
            rows.Add(Read(reader));
        }
        return rows;
    }

    private static WebhookDelivery Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        ActivityId = reader.GetString(1),
        ActivityType = reader.GetString(2),
        Url = reader.GetString(3),
        Body = (byte[])reader.GetValue(4),
        Signature = reader.GetString(5),
        Status = reader.GetString(6),
        Attempts = reader.GetInt32(7),
        LastStatusCode = reader.IsDBNull(8) ? null : reader.GetInt32(8),
        LastError = reader.IsDBNull(9) ? null : reader.GetString(9),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
        NextAttemptAt = reader.IsDBNull(11) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
        DeliveredAt = reader.IsDBNull(12) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)),
        RedeliveryOf = reader.IsDBNull(13) ? null : reader.GetInt64(13),
    };
}
