namespace DemoSaaS.Web.Features.Billing;

/// <summary>
/// Serializes "check access, record the use, commit" per customer, so that the last unit of a quota is given once
/// even when several tabs ask at the same moment. Hold it from <see cref="IFeatureAccess.CheckForUseAsync"/> until the
/// use is committed. <c>DistributedQuotaLock</c> takes it through the app's lock provider: a session advisory lock per
/// customer on PostgreSQL, where several instances share the database; an in-process lock on SQLite (one instance).
/// </summary>
public interface IQuotaLock
{
    /// <summary>Waits until no other holder for <paramref name="customerCode"/> remains; dispose to release.</summary>
    ValueTask<IAsyncDisposable> AcquireAsync(string customerCode, CancellationToken cancellationToken = default);
}
