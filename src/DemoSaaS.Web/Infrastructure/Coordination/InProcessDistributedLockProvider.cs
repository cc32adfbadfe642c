using System.Collections.Concurrent;
using Medallion.Threading;

namespace DemoSaaS.Web.Infrastructure.Coordination;

/// <summary>
/// Named locks inside this process, for SQLite, where the app runs as one instance (a second one on the same file
/// refuses to start). The same <see cref="IDistributedLockProvider"/> contract as PostgreSQL's advisory locks, so code
/// that takes a lock does not care which database is behind it.
/// </summary>
public sealed class InProcessDistributedLockProvider : IDistributedLockProvider
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public IDistributedLock CreateLock(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        // One semaphore per name for the life of the process: names are bounded (customers, jobs) and a semaphore is small.
        return new InProcessLock(name, _locks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1)));
    }

    private sealed class InProcessLock(string name, SemaphoreSlim semaphore) : IDistributedLock
    {
        public string Name => name;

        public IDistributedSynchronizationHandle? TryAcquire(TimeSpan timeout = default, CancellationToken cancellationToken = default) =>
            semaphore.Wait(timeout, cancellationToken) ? new Handle(semaphore) : null;

        public IDistributedSynchronizationHandle Acquire(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            TryAcquire(timeout ?? Timeout.InfiniteTimeSpan, cancellationToken) ?? throw new TimeoutException($"Timed out waiting for lock '{name}'.");

        public async ValueTask<IDistributedSynchronizationHandle?> TryAcquireAsync(TimeSpan timeout = default, CancellationToken cancellationToken = default) =>
            await semaphore.WaitAsync(timeout, cancellationToken) ? new Handle(semaphore) : null;

        public async ValueTask<IDistributedSynchronizationHandle> AcquireAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            await TryAcquireAsync(timeout ?? Timeout.InfiniteTimeSpan, cancellationToken) ?? throw new TimeoutException($"Timed out waiting for lock '{name}'.");
    }

    private sealed class Handle(SemaphoreSlim semaphore) : IDistributedSynchronizationHandle
    {
        private int _released;

        /// <summary>An in-process lock cannot be lost while the process lives.</summary>
        public CancellationToken HandleLostToken => CancellationToken.None;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
