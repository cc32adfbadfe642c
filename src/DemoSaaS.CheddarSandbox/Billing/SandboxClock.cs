namespace DemoSaaS.CheddarSandbox.Billing;

/// <summary>
/// The sandbox's notion of "now": real time plus an offset that tests and demos move forward
/// (POST /sandbox/clock/advance). Every date the sandbox writes or compares comes from here.
/// </summary>
public sealed class SandboxClock(TimeProvider? real = null) : TimeProvider
{
    private readonly TimeProvider _real = real ?? System;
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => _real.GetUtcNow() + Offset;

    /// <summary>Moves the clock forward; it never goes back.</summary>
    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "The sandbox clock only moves forward.");
        }
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }

    /// <summary>Back to real time (POST /sandbox/reset).</summary>
    public void Reset() => Interlocked.Exchange(ref _offsetTicks, 0);
}
