using System.Collections.Concurrent;
using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Web.Features.Billing.Cheddar;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Billing.Gating;

/// <summary>
/// Per-customer snapshots of customers/get with a short TTL, so page views do not call Cheddar each time.
/// Refreshed from the responses to our own writes and invalidated by webhooks. When Cheddar is unreachable the
/// last snapshot is served for <see cref="BillingOptions.MaxSnapshotStaleness"/>, then reads report unavailable.
/// </summary>
public sealed class CustomerSnapshotCache(
    CheddarBilling cheddar,
    IOptions<BillingOptions> options,
    TimeProvider time,
    ILogger<CustomerSnapshotCache> logger)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

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
            if (TryServeWithoutCalling(entry) is { } refreshedMeanwhile)
            {
                return refreshedMeanwhile;
            }
            return await RefreshAsync(customerCode, entry, cancellationToken);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Takes a customer document Cheddar returned to one of our writes as the newest snapshot.</summary>
    public void Store(Customer customer)
    {
        var entry = _entries.GetOrAdd(customer.Code, _ => new Entry());
        lock (entry)
        {
            entry.Last = new CustomerSnapshot { CustomerCode = customer.Code, Customer = customer, AsOf = time.GetUtcNow() };
            entry.Invalidated = false;
            entry.LastFailureAt = null;
        }
    }

    /// <summary>Forgets that a customer is gone (e.g. after deleting it at Cheddar).</summary>
    public void StoreMissing(string customerCode)
    {
        var entry = _entries.GetOrAdd(customerCode, _ => new Entry());
        lock (entry)
        {
            entry.Last = new CustomerSnapshot { CustomerCode = customerCode, Customer = null, AsOf = time.GetUtcNow() };
            entry.Invalidated = false;
        }
    }

    /// <summary>The next read asks Cheddar (a webhook said something changed).</summary>
    public void Invalidate(string customerCode)
    {
        if (_entries.TryGetValue(customerCode, out var entry))
        {
            lock (entry)
            {
                entry.Invalidated = true;
                entry.LastFailureAt = null;
            }
        }
    }

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
            if (!entry.Invalidated && age < options.Value.SnapshotTtl)
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

    private async Task<SnapshotRead> RefreshAsync(string customerCode, Entry entry, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.SnapshotFetchTimeout);
        try
        {
            var customer = await cheddar.FindCustomerAsync(customerCode, timeout.Token);
            var snapshot = new CustomerSnapshot { CustomerCode = customerCode, Customer = customer, AsOf = time.GetUtcNow() };
            lock (entry)
            {
                // A write's response stored meanwhile is newer than what this read started from.
                if (entry.Last is null || entry.Last.AsOf <= snapshot.AsOf || entry.Invalidated)
                {
                    entry.Last = snapshot;
                }
                entry.Invalidated = false;
                entry.LastFailureAt = null;
                return new SnapshotRead { Snapshot = entry.Last };
            }
        }
        catch (Exception ex) when (IsUnreachable(ex) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not refresh the billing snapshot of customer {CustomerCode}", customerCode);
            lock (entry)
            {
                var now = time.GetUtcNow();
                entry.LastFailureAt = now;
                return entry.Last is { } last ? Degraded(last, now) : new SnapshotRead { IsUnavailable = true };
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
        // Cheddar answered, but not about the customer: down for maintenance, overloaded, or our credentials.
        CheddarException cheddarError => cheddarError.IsTransient || cheddarError.IsAuthentication,
        _ => false,
    };

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public CustomerSnapshot? Last { get; set; }

        public bool Invalidated { get; set; }

        public DateTimeOffset? LastFailureAt { get; set; }
    }
}
