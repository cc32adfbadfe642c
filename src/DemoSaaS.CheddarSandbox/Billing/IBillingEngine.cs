namespace DemoSaaS.CheddarSandbox.Billing;

/// <summary>Runs everything that is due at the sandbox clock's "now": trial ends, renewals, overage, dunning.</summary>
public interface IBillingEngine
{
    Task<BillingRunResult> RunDueAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the sandbox clock forward and runs what became due, as one step no API call sees half of: no call runs
    /// between the move and the billing run (one would see the new time on an unbilled period).
    /// </summary>
    Task<BillingRunResult> AdvanceAndRunDueAsync(TimeSpan by, CancellationToken cancellationToken = default);
}

/// <summary>What one run of the billing engine did, returned by POST /sandbox/clock/advance.</summary>
public sealed record BillingRunResult(int InvoicesBilled, int TransactionsApproved, int TransactionsDeclined, int SubscriptionsCanceled);
