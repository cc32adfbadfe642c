namespace DemoSaaS.Web.Features.Billing;

/// <summary>
/// Serializes "check access, record the use, commit" per customer, so that the last unit of a quota is given once
/// even when several tabs ask at the same moment. Hold it from <see cref="IFeatureAccess.CheckAsync"/> until the
/// use is committed. The app runs one instance today (<c>InProcessQuotaLock</c>); several instances need a shared
/// lock (a database row or lease) behind this interface.
/// </summary>
public interface IQuotaLock
{
    /// <summary>Waits until no other holder for <paramref name="customerCode"/> remains; dispose to release.</summary>
    ValueTask<IAsyncDisposable> AcquireAsync(string customerCode, CancellationToken cancellationToken = default);
}
