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
        if (_sharedDatabase)
        {
            return await SharedQuantityAsync(db, customerCode, itemCode, seen, cancellationToken);
        }
        // SQLite cannot sum decimals server-side; the pending rows of one user are few.
        var pending = await db.UsageOutbox.AsNoTracking()
            .Where(u => u.CustomerCode == customerCode && u.ItemCode == itemCode)
            .Where(UsageOutboxEntry.IsUnsettled)
            .Select(u => u.Quantity)
            .ToListAsync(cancellationToken);
        var quantity = pending.Sum();
        if (_cache.Count >= MaxCachedSums)
        {
            // Entries of customers no longer viewing pages; all of them are re-read on demand.
            _cache.Clear();
        }
        _cache[(customerCode, itemCode)] = new Cached(generation, quantity);
        return quantity;
    }

    /// <summary>
    /// PostgreSQL: the unsettled uses plus the units the ledger counts as delivered in the document's usage period beyond
    /// the document's quantity, read in ONE statement (one snapshot of the database): the relay settles a batch's uses and
    /// adds them to the ledger in one transaction, so a use is counted exactly once here, whichever instance delivered it.
    /// </summary>
    private static async Task<decimal> SharedQuantityAsync(ApplicationDbContext db, string customerCode, string itemCode, Customer seen, CancellationToken cancellationToken)
    {
        var read = await db.Database.SqlQuery<PendingAndLedger>($"""
            SELECT
                (SELECT COALESCE(SUM(u."Quantity"), 0) FROM "UsageOutbox" u
                 WHERE u."CustomerCode" = {customerCode} AND u."ItemCode" = {itemCode}
                   AND u."State" IN ('Pending', 'Claimed', 'Parked')) AS "Pending",
                l."OpeningQuantity" AS "OpeningQuantity",
                l."DeliveredInPeriod" AS "DeliveredInPeriod",
                l."ConfirmedPeriod" AS "ConfirmedPeriod"
            FROM (SELECT 1) AS one
            LEFT JOIN "MeteringLedgers" l ON l."CustomerCode" = {customerCode} AND l."ItemCode" = {itemCode}
            """).SingleAsync(cancellationToken);
        if (read.OpeningQuantity is not { } opening
            || !string.Equals(read.ConfirmedPeriod, UsagePeriods.PositionOf(seen), StringComparison.Ordinal))
        {
            return read.Pending;
        }
        var shown = seen.CurrentSubscription?.FindUsage(itemCode)?.Used ?? 0;
        var unseen = opening + (read.DeliveredInPeriod ?? 0) - shown;
        return read.Pending + (unseen > 0 ? unseen : 0);
    }

    /// <summary>One row of <see cref="SharedQuantityAsync"/>'s statement.</summary>
    private sealed class PendingAndLedger
    {
        public decimal Pending { get; set; }

        public decimal? OpeningQuantity { get; set; }

        public decimal? DeliveredInPeriod { get; set; }

        public string? ConfirmedPeriod { get; set; }
    }

    private sealed record Cached(long Generation, decimal Quantity);
}
