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
/// is never older than the last one.
/// </para>
/// <para>
/// On PostgreSQL other instances write the outbox too, and since another instance's relay may deliver uses that this
/// instance's customer document (its snapshot) does not show yet, the units the item's ledger says were delivered beyond
/// that document's quantity (same subscription and invoice) are added too: a use leaves the pending sum only in the
/// transaction that adds it to the ledger, so it is counted at least once, whichever instance delivered it and however
/// old the snapshot. How fresh the read is depends on the caller: an <em>authoritative</em> read (<c>fresh</c>: the
/// check made under <see cref="IQuotaLock"/> right before recording a use) always runs that one statement, so the last
/// unit of a quota is given once across instances. An <em>advisory</em> read (what a page shows) reuses a sum read for
/// the same customer document while this process's <see cref="UsageOutboxChanges"/> version is unchanged and the sum is
/// younger than <see cref="MaxAdvisoryAge"/>: another instance's use shows on this instance's pages within that bound
/// (sooner when its change notification arrives, which bumps the version; a lost listening connection bumps it too).
/// </para>
/// </summary>
internal sealed class PendingUsage(
    UsageOutboxChanges outboxChanges,
    IDbContextFactory<ApplicationDbContext> databases,
    IOptions<DatabaseOptions> database,
    TimeProvider time)
{
    /// <summary>
    /// PostgreSQL: how long a page's (advisory) decision may reuse a pending sum. It bounds how late another instance's
    /// use shows on this instance's pages when its change notification is late or lost; short enough that a user never
    /// notices, long enough that the page views of a busy user do not each query the database. Decisions that record a
    /// use never reuse a sum.
    /// </summary>
    public static readonly TimeSpan MaxAdvisoryAge = TimeSpan.FromSeconds(2);

    private readonly bool _sharedDatabase = database.Value.Provider == DatabaseProvider.Postgres;

    private readonly ConcurrentDictionary<(string CustomerCode, string ItemCode), Cached> _cache = new();
    private const int MaxCachedSums = 10_000;

    /// <param name="seen">The customer document the decision uses (Cheddar's quantity is taken from it).</param>
    /// <param name="fresh">
    /// The decision records a use (taken under <see cref="IQuotaLock"/>): on PostgreSQL the sum is read now, never reused.
    /// On SQLite (one instance) a reused sum is exact, so it makes no difference there.
    /// </param>
    public async Task<decimal> QuantityAsync(string customerCode, string itemCode, Customer seen, bool fresh, CancellationToken cancellationToken)
    {
        // Read before querying: a write committed after this read changes the count, so this sum is not reused after it.
        var generation = outboxChanges.Version;
        var now = time.GetUtcNow();
        if (_cache.TryGetValue((customerCode, itemCode), out var cached) && cached.Generation == generation
            && (!_sharedDatabase || (!fresh && ReferenceEquals(cached.Seen, seen) && now - cached.ReadAt < MaxAdvisoryAge)))
        {
            return cached.Quantity;
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (_sharedDatabase)
        {
            // The ledger's part depends on the document, so a sum is reused only with the document it was read for.
            var shared = await SharedQuantityAsync(db, customerCode, itemCode, seen, cancellationToken);
            Remember(customerCode, itemCode, new Cached(generation, shared, seen, now));
            return shared;
        }
        // SQLite cannot sum decimals server-side; the pending rows of one user are few.
        var pending = await db.UsageOutbox.AsNoTracking()
            .Where(u => u.CustomerCode == customerCode && u.ItemCode == itemCode)
            .Where(UsageOutboxEntry.IsUnsettled)
            .Select(u => u.Quantity)
            .ToListAsync(cancellationToken);
        var quantity = pending.Sum();
        Remember(customerCode, itemCode, new Cached(generation, quantity, seen, now));
        return quantity;
    }

    private void Remember(string customerCode, string itemCode, Cached sum)
    {
        if (_cache.Count >= MaxCachedSums)
        {
            // Entries of customers no longer viewing pages; all of them are re-read on demand.
            _cache.Clear();
        }
        _cache[(customerCode, itemCode)] = sum;
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

    /// <param name="Seen">PostgreSQL: the customer document the ledger's part was judged against.</param>
    /// <param name="ReadAt">PostgreSQL: when the sum was read (it is reused for <see cref="MaxAdvisoryAge"/> at most).</param>
    private sealed record Cached(long Generation, decimal Quantity, Customer Seen, DateTimeOffset ReadAt);
}
