namespace DemoSaaS.CheddarSandbox.Billing;

/// <summary>Runs everything that is due at the sandbox clock's "now": trial ends, renewals, overage, dunning.</summary>
public interface IBillingEngine
{
    Task<BillingRunResult> RunDueAsync(CancellationToken cancellationToken = default);
}

/// <summary>What one run of the billing engine did, returned by POST /sandbox/clock/advance.</summary>
public sealed record BillingRunResult(int InvoicesBilled, int TransactionsApproved, int TransactionsDeclined, int SubscriptionsCanceled);
