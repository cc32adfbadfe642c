using DemoSaaS.CheddarSandbox.Storage;
using DemoSaaS.CheddarSandbox.Webhooks;

namespace DemoSaaS.CheddarSandbox.Billing;

/// <summary>Closes every due period and runs every due dunning retry at the sandbox clock's now.</summary>
public sealed class BillingEngine(CustomerStore store, SandboxClock clock, IServiceProvider services, IWebhookPublisher publisher) : IBillingEngine
{
    public Task<BillingRunResult> RunDueAsync(CancellationToken cancellationToken = default) =>
        AdvanceAndRunDueAsync(TimeSpan.Zero, cancellationToken);

    public async Task<BillingRunResult> AdvanceAndRunDueAsync(TimeSpan by, CancellationToken cancellationToken = default)
    {
        var billing = services.GetRequiredService<SubscriptionBilling>();
        var total = new BillingRunResult(0, 0, 0, 0);
        // The whole store: no API call, on any customer, runs during the run or between the clock's move and the run.
        using (await store.LockAsync(cancellationToken))
        {
            if (by > TimeSpan.Zero)
            {
                clock.Advance(by);
                store.SaveClockOffset(clock.Offset);
            }
            var now = SubscriptionBilling.Now(clock);
            foreach (var customer in store.All())
            {
                var result = billing.RunDue(customer, now);
                if (result != new BillingRunResult(0, 0, 0, 0))
                {
                    store.Save(customer);
                    total = new BillingRunResult(
                        total.InvoicesBilled + result.InvoicesBilled, total.TransactionsApproved + result.TransactionsApproved,
                        total.TransactionsDeclined + result.TransactionsDeclined, total.SubscriptionsCanceled + result.SubscriptionsCanceled);
                }
            }
        }
        foreach (var webhook in billing.Webhooks)
        {
            await publisher.PublishAsync(webhook.ActivityType, webhook.Payload, cancellationToken);
        }
        return total;
    }
}
