namespace DemoSaaS.Web.Features.Billing.Gating;

/// <summary>
/// <see cref="IQuotaLock"/> for one app instance: an async lock per customer, kept only while someone holds or waits
/// for it, so idle customers cost no memory.
/// </summary>
public sealed class InProcessQuotaLock : IQuotaLock
{
    private readonly Dictionary<string, Holder> _holders = new(StringComparer.Ordinal);

    public async ValueTask<IAsyncDisposable> AcquireAsync(string customerCode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerCode);
        Holder holder;
        lock (_holders)
        {
            if (!_holders.TryGetValue(customerCode, out holder!))
            {
                holder = new Holder();
                _holders[customerCode] = holder;
            }
            holder.Users++;
        }
        try
        {
            await holder.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(customerCode, holder);
            throw;
        }
        return new Release(this, customerCode, holder);
    }

    private void Leave(string customerCode, Holder holder)
    {
        lock (_holders)
        {
            if (--holder.Users == 0)
            {
                _holders.Remove(customerCode);
            }
        }
    }

    private sealed class Holder
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        /// <summary>Holders and waiters; guarded by the dictionary's lock.</summary>
        public int Users { get; set; }
    }

    private sealed class Release(InProcessQuotaLock owner, string customerCode, Holder holder) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                holder.Semaphore.Release();
                owner.Leave(customerCode, holder);
            }
            return ValueTask.CompletedTask;
        }
    }
}
