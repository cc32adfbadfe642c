using System.Collections.Concurrent;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing.Metering;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.Web.Features.Billing.Gating;

/// <summary>
/// A customer's uses of an item recorded here and not settled — pending, claimed or parked (what gating adds to Cheddar's
/// quantity, ADR 0002 rule 7), read from the outbox and reused until the outbox changes: page views between two
/// outbox writes do not query SQLite. <see cref="UsageOutboxChanges"/> is bumped after every committed outbox write, so a
/// reused sum is never older than the last one.
/// </summary>
internal sealed class PendingUsage(UsageOutboxChanges outboxChanges, IDbContextFactory<ApplicationDbContext> databases)
{
    private readonly ConcurrentDictionary<(string CustomerCode, string ItemCode), Cached> _cache = new();
    private const int MaxCachedSums = 10_000;

    public async Task<decimal> QuantityAsync(string customerCode, string itemCode, CancellationToken cancellationToken)
    {
        // Read before querying: a write committed after this read changes the count, so this sum is not reused after it.
        var generation = outboxChanges.Version;
        if (_cache.TryGetValue((customerCode, itemCode), out var cached) && cached.Generation == generation)
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
        if (_cache.Count >= MaxCachedSums)
        {
            // Entries of customers no longer viewing pages; all of them are re-read on demand.
            _cache.Clear();
        }
        _cache[(customerCode, itemCode)] = new Cached(generation, quantity);
        return quantity;
    }

    private sealed record Cached(long Generation, decimal Quantity);
}
