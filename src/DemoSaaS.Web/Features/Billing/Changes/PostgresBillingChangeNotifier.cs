using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DemoSaaS.Web.Features.Billing.Changes;

/// <summary>
/// PostgreSQL: a change is a <c>NOTIFY</c> on <see cref="BillingChangeMessage.Channel"/>, heard by every instance's
/// <see cref="PostgresBillingChangeListener"/>. Sent within a transaction, PostgreSQL delivers it only if and when that
/// transaction commits, so no instance forgets too early and none misses a committed change while it listens.
/// </summary>
internal sealed partial class PostgresBillingChangeNotifier(
    NpgsqlDataSource dataSource,
    BillingChangeCommitHook commits,
    ILogger<PostgresBillingChangeNotifier> logger) : IBillingChangeNotifier
{
    // A change sent on its own waits at most this long for the database; the Cheddar write it reports has succeeded already.
    private static readonly TimeSpan NotifyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>This instance's name on the channel: its listener skips its own changes, which were applied here already.</summary>
    public string Origin { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public async Task NotifyWithinAsync(DbContext db, BillingChange change, CancellationToken cancellationToken)
    {
        var transaction = BillingChangeCommitHook.TransactionOf(db);
        var payload = BillingChangeMessage.Format(Origin, change);
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({BillingChangeMessage.Channel}, {payload})", cancellationToken);
        commits.ApplyWhenCommitted(transaction, change);
    }

    public async Task NotifyOthersAsync(BillingChange change, CancellationToken cancellationToken)
    {
        // Not the caller's token: a user leaving the page must not keep the other instances from hearing of the change.
        using var timeout = new CancellationTokenSource(NotifyTimeout);
        try
        {
            await using var command = dataSource.CreateCommand("SELECT pg_notify($1, $2)");
            command.Parameters.Add(new NpgsqlParameter { Value = BillingChangeMessage.Channel });
            command.Parameters.Add(new NpgsqlParameter { Value = BillingChangeMessage.Format(Origin, change) });
            await command.ExecuteNonQueryAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            LogNotSent(ex, change.Kind, change.CustomerCode);
        }
    }

    [LoggerMessage(EventId = 4030, Level = LogLevel.Warning,
        Message = "Could not tell the other instances of a {Kind} change of customer {CustomerCode}; their snapshots expire on their own")]
    private partial void LogNotSent(Exception error, BillingChangeKind kind, string customerCode);
}
