using System.Collections.Concurrent;
using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Web.Features.Billing.Cheddar;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Billing.Gating;

/// <summary>
/// Per-customer snapshots of customers/get with a short TTL, so page views do not call Cheddar each time.
/// Refreshed from the responses to our own writes and invalidated by webhooks and by other instances' changes
/// (<see cref="Changes.IBillingChangeNotifier"/>). When Cheddar is unreachable the
/// last snapshot is served for <see cref="BillingOptions.MaxSnapshotStaleness"/>, then reads report unavailable.
/// </summary>
/// <remarks>
/// Documents are ordered by when their request <em>started</em> (a <see cref="SnapshotVersion"/>), not by when the
/// answer arrived: a customers/get that started before a cancel can land after the cancel's own answer or its
/// webhook. Such an answer never replaces a document from a later request and never clears a later invalidation;
/// otherwise a canceled customer would be let in again until the TTL ran out.
/// </remarks>
public sealed class CustomerSnapshotCache(
    CheddarBilling cheddar,
    IOptions<BillingOptions> options,
    TimeProvider time,
    ILogger<CustomerSnapshotCache> logger)
{
    // A read superseded by a webhook is repeated at most this often per view; after that the view decides on the
    // answer it has and the next view asks again (the invalidation stays).
    private const int MaxReadsPerView = 3;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _clock;

    // The version of the last InvalidateAll (0: never): every document from a request started before it is invalidated.
    private long _allInvalidatedAt;

    /// <summary>
    /// Now in the cache's order. Take it before sending a Cheddar request whose answer you will <see cref="Store(Customer, SnapshotVersion)"/>.
    /// </summary>
    public SnapshotVersion Version() => new(Interlocked.Increment(ref _clock));

    public async Task<SnapshotRead> GetAsync(string customerCode, CancellationToken cancellationToken = default)
    {
        var entry = _entries.GetOrAdd(customerCode, _ => new Entry());
        if (TryServeWithoutCalling(entry) is { } cached)
        {
            return cached;
        }

        // One refresh per customer at a time; callers that waited reuse its result.
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            for (var read = 1; ; read++)
            {
                if (TryServeWithoutCalling(entry) is { } refreshedMeanwhile)
                {
                    return refreshedMeanwhile;
                }
                var (result, superseded) = await RefreshAsync(customerCode, entry, cancellationToken);
                if (!superseded || read == MaxReadsPerView)
                {
                    return result;
                }
            }
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>
    /// Takes a customer document Cheddar returned to a request that started at <paramref name="requestedAt"/> (see
    /// <see cref="Version"/>), unless a document from a later request is already held.
    /// </summary>
    public void Store(Customer customer, SnapshotVersion requestedAt) =>
        Put(customer.Code, customer, requestedAt);

    /// <summary>
    /// Takes a customer document as the newest there is: for the answer to a write with no other request for this
    /// customer possibly in flight before it (a signup). Prefer <see cref="Store(Customer, SnapshotVersion)"/>.
    /// </summary>
    public void Store(Customer customer) => Put(customer.Code, customer, Version());

    /// <summary>Forgets that a customer is gone (e.g. after deleting it at Cheddar).</summary>
    public void StoreMissing(string customerCode) => Put(customerCode, null, Version());

    /// <summary>The next read asks Cheddar (a webhook said something changed); answers to requests started before now cannot undo that.</summary>
    public void Invalidate(string customerCode)
    {
        var entry = _entries.GetOrAdd(customerCode, _ => new Entry());
        lock (entry)
        {
            entry.InvalidatedAt = Version();
            entry.LastFailureAt = null;
        }
    }

    /// <summary>
    /// <see cref="Invalidate"/> for every customer at once: for when changes may have been missed (an instance's
    /// listening connection was lost). Answers to requests started before now cannot undo it either.
    /// </summary>
    public void InvalidateAll()
    {
        var now = Version().Value;
        // Keep the latest of concurrent calls: versions only grow, and an earlier one must not overwrite a later one.
        var seen = Volatile.Read(ref _allInvalidatedAt);
        while (seen < now)
        {
            var previous = Interlocked.CompareExchange(ref _allInvalidatedAt, now, seen);
            if (previous == seen)
            {
                return;
            }
            seen = previous;
        }
    }

    private void Put(string customerCode, Customer? customer, SnapshotVersion requestedAt)
    {
        var entry = _entries.GetOrAdd(customerCode, _ => new Entry());
        lock (entry)
        {
            Accept(entry, customerCode, customer, requestedAt);
        }
    }

    /// <summary>Under the entry's lock: keeps the document unless a later request's is held; true when it settled every invalidation.</summary>
    private bool Accept(Entry entry, string customerCode, Customer? customer, SnapshotVersion requestedAt)
    {
        if (entry.Last is null || requestedAt >= entry.LastRequestedAt)
        {
            entry.Last = new CustomerSnapshot { CustomerCode = customerCode, Customer = customer, AsOf = time.GetUtcNow() };
            entry.LastRequestedAt = requestedAt;
        }
        else
        {
            // The two requests overlapped: ours started first, yet Cheddar may have applied it after answering the other
            // (a usage delivery's add landing after a view's read). Neither is kept on trust: the next view asks again.
            entry.InvalidatedAt = Version();
        }
        entry.LastFailureAt = null;
        // An invalidation is settled only by a request that started after it (a later document may be held anyway).
        return InvalidatedAt(entry) is not { } invalidatedAt || invalidatedAt < entry.LastRequestedAt;
    }

    /// <summary>The latest invalidation that concerns the entry: its own or <see cref="InvalidateAll"/>.</summary>
    private SnapshotVersion? InvalidatedAt(Entry entry)
    {
        var all = Volatile.Read(ref _allInvalidatedAt);
        if (all == 0 || entry.InvalidatedAt is { } own && own.Value >= all)
        {
            return entry.InvalidatedAt;
        }
        return new SnapshotVersion(all);
    }

    private bool IsInvalidated(Entry entry) => InvalidatedAt(entry) is { } at && at > entry.LastRequestedAt;

    private SnapshotRead? TryServeWithoutCalling(Entry entry)
    {
        lock (entry)
        {
            if (entry.Last is not { } last)
            {
                return null;
            }
            var now = time.GetUtcNow();
            var age = now - last.AsOf;
            if (!IsInvalidated(entry) && age < options.Value.SnapshotTtl)
            {
                return new SnapshotRead { Snapshot = last };
            }
            // Cheddar failed a moment ago: answer from the last snapshot at once instead of making every view wait.
            if (entry.LastFailureAt is { } failedAt && now - failedAt < options.Value.SnapshotRetryPause)
            {
                return Degraded(last, now);
            }
            return null;
        }
    }

    /// <returns>The read, and whether a webhook's invalidation arrived while it was under way (its answer may predate the change).</returns>
    private async Task<(SnapshotRead Read, bool Superseded)> RefreshAsync(string customerCode, Entry entry, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.SnapshotFetchTimeout);
        var requestedAt = Version();
        try
        {
            var customer = await cheddar.FindCustomerAsync(customerCode, timeout.Token);
            lock (entry)
            {
                var settled = Accept(entry, customerCode, customer, requestedAt);
                return (new SnapshotRead { Snapshot = entry.Last }, !settled);
            }
        }
        catch (Exception ex) when (IsUnreachable(ex) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not refresh the billing snapshot of customer {CustomerCode}", customerCode);
            lock (entry)
            {
                var now = time.GetUtcNow();
                entry.LastFailureAt = now;
                return (entry.Last is { } last ? Degraded(last, now) : new SnapshotRead { IsUnavailable = true }, false);
            }
        }
    }

    private SnapshotRead Degraded(CustomerSnapshot last, DateTimeOffset now) =>
        now - last.AsOf <= options.Value.MaxSnapshotStaleness
            ? new SnapshotRead { Snapshot = last, IsStale = true }
            : new SnapshotRead { Snapshot = last, IsUnavailable = true };

    private static bool IsUnreachable(Exception ex) => ex switch
    {
        CheddarUnavailableException => true,
        OperationCanceledException => true,
        HttpRequestException => true,
        // Cheddar answered, but not with the customer (a missing customer is FindCustomerAsync's null, not an error):
        // down for maintenance, overloaded, our credentials, or a refusal we cannot read. None of it says what the
        // customer may do, so gating treats it as "Cheddar cannot tell us now" and fails closed with a message.
        CheddarException => true,
        _ => false,
    };

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public CustomerSnapshot? Last { get; set; }

        /// <summary>When the request that produced <see cref="Last"/> started.</summary>
        public SnapshotVersion LastRequestedAt { get; set; }

        /// <summary>The latest invalidation of this customer; settled once a request started after it has answered.</summary>
        public SnapshotVersion? InvalidatedAt { get; set; }

        public DateTimeOffset? LastFailureAt { get; set; }
    }
}
