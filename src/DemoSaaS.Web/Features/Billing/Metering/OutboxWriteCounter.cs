using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// Counts writes to the usage outbox through the app's DbContext, each counted after it is committed: SaveChanges with
/// outbox entries, and outbox commands run as non-queries (ExecuteUpdate/ExecuteDelete, raw SQL). A write inside an
/// explicit transaction is counted again when that transaction ends, because only then do other connections see it.
/// Gating's <see cref="Gating.PendingUsage"/> reuses a sum only while this count is unchanged; counting too often
/// costs a query, counting only before a commit could keep a stale sum, so every path counts after it.
/// </summary>
internal sealed class OutboxWriteCounter : DbCommandInterceptor, ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly object Touched = new();

    private long _writes;

    // Transactions (EF's own around SaveChanges, or a caller's) that wrote to the outbox, reported when they end.
    private readonly ConditionalWeakTable<DbTransaction, object> _transactions = new();

    // Contexts whose current SaveChanges carries outbox changes.
    private readonly ConditionalWeakTable<DbContext, object> _saving = new();

    /// <summary>Outbox writes committed (or ended) so far; any change means a cached pending sum may be out of date.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        NoteSaving(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        NoteSaving(eventData.Context);
        return ValueTask.FromResult(result);
    }

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

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Executed(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Executed(command);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Executed(command);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Executed(command);
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

    private void NoteSaving(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<UsageOutboxEntry>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
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

    private void Executed(DbCommand command)
    {
        // Outbox writes other than SaveChanges' (ExecuteUpdate in the relay, raw SQL). SaveChanges' own commands pass
        // here too; harmless. Reads are skipped: they start with SELECT.
        var sql = command.CommandText;
        if (sql.Contains("UsageOutbox", StringComparison.OrdinalIgnoreCase) && !sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
        {
            Changed(command.Transaction);
        }
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
