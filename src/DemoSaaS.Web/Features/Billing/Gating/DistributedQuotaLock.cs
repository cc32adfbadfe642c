using Medallion.Threading;

namespace DemoSaaS.Web.Features.Billing.Gating;

/// <summary>
/// <see cref="IQuotaLock"/> through the app's <see cref="IDistributedLockProvider"/>. For several app instances on one
/// PostgreSQL database the customer's lock is a session advisory lock, so "check, record, commit" is serialized per
/// customer across every instance, and a lock held by an instance that dies is freed with its connection; on SQLite
/// (one instance) it is an in-process lock. Held for milliseconds (a
/// check reads the cached snapshot and the pending sum; the use commits right after), so the cost is one lock and one unlock
/// round trip per recorded use; page views take no lock.
/// </summary>
public sealed class DistributedQuotaLock(IDistributedLockProvider locks) : IQuotaLock
{
    /// <summary>The lock's name: one per customer, shared by every instance.</summary>
    public static string LockName(string customerCode) => $"quota:customer:{customerCode}";

    public async ValueTask<IAsyncDisposable> AcquireAsync(string customerCode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerCode);
        return await locks.CreateLock(LockName(customerCode)).AcquireAsync(cancellationToken: cancellationToken);
    }
}
