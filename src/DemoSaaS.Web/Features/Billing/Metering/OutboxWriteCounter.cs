using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// Counts writes to the usage outbox through the app's DbContext, each counted after it is committed: SaveChanges that
/// wrote outbox rows (counted when SaveChanges returns, its own transaction committed), and outbox commands run as
/// non-queries (ExecuteUpdate/ExecuteDelete, raw SQL). A write inside a caller's transaction is counted again when that
/// transaction ends, because only then do other connections see it. Gating's <see cref="Gating.PendingUsage"/> reuses
/// a sum only while this count is unchanged: counting too often costs a query, counting only before a commit could
/// keep a stale sum, so every path counts after it. Not seen: writes from outside the app's DbContext (another process).
/// </summary>
internal sealed class OutboxWriteCounter : DbCommandInterceptor, ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly object Touched = new();

    private long _writes;

    // Transactions (a caller's, around SaveChanges or raw SQL) that wrote to the outbox, counted again when they end.
    private readonly ConditionalWeakTable<DbTransaction, object> _transactions = new();

    // Contexts in a SaveChanges that sent an outbox command, counted when that SaveChanges ends.
    private readonly ConditionalWeakTable<DbContext, object> _saving = new();

    /// <summary>Outbox writes committed (or ended) so far; any change means a cached pending sum may be out of date.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Saved(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return Task.CompletedTask;
    }

    // SaveChanges inserts with RETURNING (a reader): the row is committed only when the reader is done, so it is
    // counted at SavedChanges; here the context is only marked.
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        MarkSaving(command, eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        MarkSaving(command, eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Executed(command, eventData.Context);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Executed(command, eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Executed(command, eventData.Context);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Executed(command, eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Ended(transaction);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    private void MarkSaving(DbCommand command, DbContext? context)
    {
        if (context is not null && WritesOutbox(command))
        {
            _saving.AddOrUpdate(context, Touched);
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is not null && _saving.Remove(context))
        {
            Changed(context.Database.CurrentTransaction?.GetDbTransaction());
        }
    }

    private void Executed(DbCommand command, DbContext? context)
    {
        if (WritesOutbox(command))
        {
            Changed(command.Transaction);
            // Inside SaveChanges, EF's own transaction commits later: count again when SaveChanges returns.
            if (context is not null)
            {
                _saving.AddOrUpdate(context, Touched);
            }
        }
    }

    // Reads start with SELECT; anything else that names the outbox (INSERT, UPDATE, DELETE, a batch) counts.
    private static bool WritesOutbox(DbCommand command)
    {
        var sql = command.CommandText;
        return sql.Contains("UsageOutbox", StringComparison.OrdinalIgnoreCase)
            && !sql.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);
    }

    private void Changed(DbTransaction? transaction)
    {
        Interlocked.Increment(ref _writes);
        if (transaction is not null)
        {
            _transactions.AddOrUpdate(transaction, Touched);
        }
    }

    private void Ended(DbTransaction transaction)
    {
        if (_transactions.Remove(transaction))
        {
            Interlocked.Increment(ref _writes);
        }
    }
}
