using DemoSaaS.CheddarSandbox.Billing;

namespace DemoSaaS.CheddarSandbox.Control;

/// <summary>
/// Moves the sandbox clock forward in steps of at most one day and runs the billing engine after each step, so a
/// long jump bills every due date in order (renewal, dunning retry, cancel) as if the days had passed one by one.
/// One advance at a time: two overlapping jumps would interleave their billing runs.
/// </summary>
internal sealed class ClockAdvancer(SandboxClock clock, IServiceProvider services) : IDisposable
{
    public static readonly TimeSpan MaxStep = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxAdvance = TimeSpan.FromDays(3660);

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Advances by the amount <paramref name="amountAt"/> computes from the current now (computed inside the lock,
    /// so "to" targets are measured against the clock this advance starts from); returns the error instead if any.
    /// </summary>
    public async Task<(ClockAdvanceResult? Result, string? Error)> AdvanceAsync(
        Func<DateTimeOffset, (TimeSpan By, string? Error)> amountAt, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var (by, error) = amountAt(clock.GetUtcNow());
            if (error is not null)
            {
                return (null, error);
            }
            // The null-publisher/engine seam: resolved per call so a host without a billing engine still moves time.
            var engine = services.GetService<IBillingEngine>();
            var totals = new BillingRunResult(0, 0, 0, 0);
            var steps = 0;
            while (by > TimeSpan.Zero)
            {
                var step = by > MaxStep ? MaxStep : by;
                by -= step;
                steps++;
                if (engine is null)
                {
                    clock.Advance(step);
                }
                else
                {
                    // Not the caller's token: an advance that has started moves and bills every step, even if the caller went away.
                    var run = await engine.AdvanceAndRunDueAsync(step, CancellationToken.None);
                    totals = new BillingRunResult(
                        totals.InvoicesBilled + run.InvoicesBilled,
                        totals.TransactionsApproved + run.TransactionsApproved,
                        totals.TransactionsDeclined + run.TransactionsDeclined,
                        totals.SubscriptionsCanceled + run.SubscriptionsCanceled);
                }
            }
            return (new ClockAdvanceResult(clock.GetUtcNow(), clock.Offset, steps, engine is null ? null : totals), null);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
