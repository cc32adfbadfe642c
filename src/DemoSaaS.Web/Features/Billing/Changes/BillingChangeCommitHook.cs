using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace DemoSaaS.Web.Features.Billing.Changes;

/// <summary>
/// Applies the changes sent within a transaction to this instance once that transaction commits (other instances hear
/// the <c>NOTIFY</c> at the same moment), and drops them if it rolls back. Only transactions a notifier was handed are
/// tracked; nothing inspects SQL.
/// </summary>
internal sealed class BillingChangeCommitHook(LocalBillingChanges local) : DbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbTransaction, List<BillingChange>> _pending = new();

    /// <summary>The transaction a change is sent within; a change sent outside one would escape a rollback.</summary>
    public static DbTransaction TransactionOf(DbContext db) =>
        db.Database.CurrentTransaction?.GetDbTransaction()
        ?? throw new InvalidOperationException("A billing change is sent within the transaction that records it; the context has no open transaction.");

    public void ApplyWhenCommitted(DbTransaction transaction, BillingChange change)
    {
        var changes = _pending.GetValue(transaction, _ => []);
        lock (changes)
        {
            changes.Add(change);
        }
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => _pending.Remove(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        _pending.Remove(transaction);
        return Task.CompletedTask;
    }

    private void Committed(DbTransaction transaction)
    {
        if (!_pending.TryGetValue(transaction, out var changes))
        {
            return;
        }
        _pending.Remove(transaction);
        lock (changes)
        {
            foreach (var change in changes)
            {
                local.Apply(change);
            }
        }
    }
}
