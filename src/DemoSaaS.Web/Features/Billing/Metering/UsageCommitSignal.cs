using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// Signals the outbox change (gating's pending sums) and wakes the relay once uses a <see cref="UsageMeter"/> recorded are
/// committed, so that they are visible to other connections when the signal arrives:
/// <list type="bullet">
/// <item>at SavedChanges of a context (lease) the meter recorded on, when no transaction of the caller's is open;</item>
/// <item>when the caller's own transaction ends, if SaveChanges ran inside it (SaveChanges returns before the rows are
/// visible then).</item>
/// </list>
/// Registered once in the context options, so it survives DbContext pooling (a pooled context's event handlers do not);
/// a context returned to the pool and leased again is told apart by its <see cref="DbContext.ContextId"/>, whose lease
/// number changes. Only contexts and transactions the meter wrote to are tracked; nothing inspects SQL.
/// </summary>
internal sealed class UsageCommitSignal(UsageOutboxChanges outboxChanges, UsageRelaySignal relay) : DbTransactionInterceptor, ISaveChangesInterceptor
{
    private static readonly object Recorded = new();
    private readonly ConditionalWeakTable<DbTransaction, object> _withUses = new();
    private readonly ConditionalWeakTable<DbContext, StrongBox<DbContextId>> _recordingLease = new();

    /// <summary>
    /// The meter added a use to <paramref name="db"/>'s unit of work: from now on every successful SaveChanges of this
    /// lease signals (as a subscription to SavedChanges did), also one that retries after a failure or a rolled-back transaction.
    /// </summary>
    public void RecordedOn(DbContext db) =>
        _recordingLease.GetValue(db, static _ => new StrongBox<DbContextId>()).Value = db.ContextId;

    public void SignalWhenEnded(DbTransaction transaction) => _withUses.AddOrUpdate(transaction, Recorded);

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

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    private void Saved(DbContext? db)
    {
        if (db is null || !_recordingLease.TryGetValue(db, out var lease) || lease.Value != db.ContextId)
        {
            return;
        }
        if (db.Database.CurrentTransaction?.GetDbTransaction() is { } transaction)
        {
            SignalWhenEnded(transaction);
            return;
        }
        outboxChanges.Bump();
        relay.Notify();
    }

    private void Ended(DbTransaction transaction)
    {
        if (_withUses.Remove(transaction))
        {
            outboxChanges.Bump();
            relay.Notify();
        }
    }
}
