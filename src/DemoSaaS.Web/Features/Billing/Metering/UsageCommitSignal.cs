using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// When a caller records uses inside its own transaction, SaveChanges returns before the rows are visible to other
/// connections. <see cref="UsageMeter"/> hands such a transaction here, and the outbox change is signalled (and the relay
/// woken) when it ends. Only transactions the meter wrote to are tracked; nothing inspects SQL.
/// </summary>
internal sealed class UsageCommitSignal(UsageOutboxChanges outboxChanges, UsageRelaySignal relay) : DbTransactionInterceptor
{
    private static readonly object Recorded = new();
    private readonly ConditionalWeakTable<DbTransaction, object> _withUses = new();

    public void SignalWhenEnded(DbTransaction transaction) => _withUses.AddOrUpdate(transaction, Recorded);

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

    private void Ended(DbTransaction transaction)
    {
        if (_withUses.Remove(transaction))
        {
            outboxChanges.Bump();
            relay.Notify();
        }
    }
}
