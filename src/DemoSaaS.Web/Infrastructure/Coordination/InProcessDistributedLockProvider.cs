using Medallion.Threading;

namespace DemoSaaS.Web.Infrastructure.Coordination;

/// <summary>
/// Named locks inside this process, for SQLite, where the app runs as one instance (a second one on the same file
/// refuses to start). The same <see cref="IDistributedLockProvider"/> contract as PostgreSQL's advisory locks, so code
/// that takes a lock (the relay's per-customer lock, the quota lock, jobs) does not care which database is behind it.
/// A name's semaphore is kept only while someone holds or waits for it, so idle customers cost no memory.
/// </summary>
public sealed class InProcessDistributedLockProvider : IDistributedLockProvider
{
    private readonly Dictionary<string, Holder> _holders = new(StringComparer.Ordinal);

    public IDistributedLock CreateLock(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new InProcessLock(this, name);
    }

    private Holder Enter(string name)
    {
        lock (_holders)
        {
            if (!_holders.TryGetValue(name, out var holder))
            {
                holder = new Holder();
                _holders[name] = holder;
            }
            holder.Users++;
            return holder;
        }
    }

    private void Leave(string name, Holder holder)
    {
        lock (_holders)
        {
            if (--holder.Users == 0)
            {
                _holders.Remove(name);
            }
        }
    }

    private sealed class Holder
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        /// <summary>Holders and waiters; guarded by the dictionary's lock.</summary>
        public int Users { get; set; }
    }

    private sealed class InProcessLock(InProcessDistributedLockProvider owner, string name) : IDistributedLock
    {
        public string Name => name;

        public IDistributedSynchronizationHandle? TryAcquire(TimeSpan timeout = default, CancellationToken cancellationToken = default)
        {
            var holder = owner.Enter(name);
            try
            {
                if (holder.Semaphore.Wait(timeout, cancellationToken))
                {
                    return new Handle(owner, name, holder);
                }
            }
            catch
            {
                owner.Leave(name, holder);
                throw;
            }
            owner.Leave(name, holder);
            return null;
        }

        public IDistributedSynchronizationHandle Acquire(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            TryAcquire(timeout ?? Timeout.InfiniteTimeSpan, cancellationToken) ?? throw new TimeoutException($"Timed out waiting for lock '{name}'.");

        public async ValueTask<IDistributedSynchronizationHandle?> TryAcquireAsync(TimeSpan timeout = default, CancellationToken cancellationToken = default)
        {
            var holder = owner.Enter(name);
            try
            {
                if (await holder.Semaphore.WaitAsync(timeout, cancellationToken))
                {
                    return new Handle(owner, name, holder);
                }
            }
            catch
            {
                owner.Leave(name, holder);
                throw;
            }
            owner.Leave(name, holder);
            return null;
        }

        public async ValueTask<IDistributedSynchronizationHandle> AcquireAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            await TryAcquireAsync(timeout ?? Timeout.InfiniteTimeSpan, cancellationToken) ?? throw new TimeoutException($"Timed out waiting for lock '{name}'.");
    }

    private sealed class Handle(InProcessDistributedLockProvider owner, string name, Holder holder) : IDistributedSynchronizationHandle
    {
        private int _released;

        /// <summary>An in-process lock cannot be lost while the process lives.</summary>
        public CancellationToken HandleLostToken => CancellationToken.None;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                holder.Semaphore.Release();
                owner.Leave(name, holder);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
