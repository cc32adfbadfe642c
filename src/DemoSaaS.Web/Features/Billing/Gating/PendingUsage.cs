using System.Collections.Concurrent;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing.Metering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Billing.Gating;

/// <summary>
/// A customer's uses of an item recorded here and not settled — pending, claimed or parked (what gating adds to Cheddar's
/// quantity, ADR 0002 rule 7), read from the outbox.
/// <para>
/// On SQLite (one instance) the sum is reused until the outbox changes: page views between two outbox writes do not query
/// SQLite. <see cref="UsageOutboxChanges"/> is bumped after every committed outbox write of this process, so a reused sum
/// is never older than the last one. On PostgreSQL other instances write the outbox too, and their writes bump nothing
/// here, so the sum is read for every decision (one indexed query on the outbox's (State, CustomerCode, ItemCode) index):
/// a use recorded on another instance counts in this instance's next decision. And since another instance's relay may
/// deliver uses that this instance's customer document (its snapshot) does not show yet, the units the item's ledger says
/// were delivered beyond that document's quantity (same subscription and invoice) are added too: a use leaves the
/// pending sum only in the transaction that adds it to the ledger, so it is counted at least once, whichever instance
/// delivered it and however old the snapshot.
/// </para>
/// </summary>
internal sealed class PendingUsage(UsageOutboxChanges outboxChanges, IDbContextFactory<ApplicationDbContext> databases, IOptions<DatabaseOptions> database)
{
    private readonly bool _sharedDatabase = database.Value.Provider == DatabaseProvider.Postgres;

    private readonly ConcurrentDictionary<(string CustomerCode, string ItemCode), Cached> _cache = new();
    private const int MaxCachedSums = 10_000;

    /// <param name="seen">The customer document the decision uses (Cheddar's quantity is taken from it).</param>
    public async Task<decimal> QuantityAsync(string customerCode, string itemCode, Customer seen, CancellationToken cancellationToken)
    {
        // Read before querying: a write committed after this read changes the count, so this sum is not reused after it.
        var generation = outboxChanges.Version;
        if (!_sharedDatabase && _cache.TryGetValue((customerCode, itemCode), out var cached) && cached.Generation == generation)
        {
            return cached.Quantity;
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // SQLite cannot sum decimals server-side; the pending rows of one user are few.
        var pending = await db.UsageOutbox.AsNoTracking()
            .Where(u => u.CustomerCode == customerCode && u.ItemCode == itemCode)
            .Where(UsageOutboxEntry.IsUnsettled)
            .Select(u => u.Quantity)
            .ToListAsync(cancellationToken);
        var quantity = pending.Sum();
        if (_sharedDatabase)
        {
            return quantity + await DeliveredUnseenAsync(db, customerCode, itemCode, seen, cancellationToken);
        }
        if (_cache.Count >= MaxCachedSums)
        {
            // Entries of customers no longer viewing pages; all of them are re-read on demand.
            _cache.Clear();
        }
        _cache[(customerCode, itemCode)] = new Cached(generation, quantity);
        return quantity;
    }

    /// <summary>
    /// Units the ledger counts as delivered in the document's usage period beyond the document's quantity. Read after the
    /// pending rows: a delivery committed between the two reads is then counted twice (errs towards denying), never zero times.
    /// </summary>
    private static async Task<decimal> DeliveredUnseenAsync(ApplicationDbContext db, string customerCode, string itemCode, Customer seen, CancellationToken cancellationToken)
    {
        var ledger = await db.MeteringLedgers.AsNoTracking()
            .Where(l => l.CustomerCode == customerCode && l.ItemCode == itemCode)
            .Select(l => new { l.OpeningQuantity, l.DeliveredInPeriod, l.ConfirmedPeriod })
            .FirstOrDefaultAsync(cancellationToken);
        if (ledger?.OpeningQuantity is not { } opening
            || !string.Equals(ledger.ConfirmedPeriod, UsagePeriods.PositionOf(seen), StringComparison.Ordinal))
        {
            return 0;
        }
        var shown = seen.CurrentSubscription?.FindUsage(itemCode)?.Used ?? 0;
        var unseen = opening + ledger.DeliveredInPeriod - shown;
        return unseen > 0 ? unseen : 0;
    }

    private sealed record Cached(long Generation, decimal Quantity);
}
