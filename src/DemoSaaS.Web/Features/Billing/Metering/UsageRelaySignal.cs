namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>Wakes the usage relay right after uses were committed, instead of waiting for its interval.</summary>
public sealed class UsageRelaySignal
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Notify()
    {
        try
        {
            _pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; the next flush picks up everything committed so far.
        }
    }

    /// <summary>True when signalled, false after <paramref name="timeout"/> without a signal.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pending.WaitAsync(timeout, cancellationToken);
}
