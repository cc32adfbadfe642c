using DemoSaaS.Cheddar.Models;
using DemoSaaS.Web.Features.Billing.Changes;
using DemoSaaS.Web.Features.Billing.Gating;
using DemoSaaS.Web.Features.Billing.Webhooks;

namespace DemoSaaS.Web.Features.Account;

/// <summary>Billing's snapshot cache, its change notifications and its webhook store, as the account page uses them.</summary>
internal sealed class AccountBillingSync(CustomerSnapshotCache snapshots, IBillingChangeNotifier changes, IServiceScopeFactory scopes) : IAccountBillingSync
{
    public SnapshotVersion BeforeRequest() => snapshots.Version();

    public void Accepted(Customer customer, SnapshotVersion requestedAt) => snapshots.Store(customer, requestedAt);

    public async Task ChangedAsync(Customer customer, SnapshotVersion requestedAt, CancellationToken cancellationToken)
    {
        snapshots.Store(customer, requestedAt);
        // Only Cheddar was written: no transaction of ours to send the change with, so it goes on its own.
        await changes.NotifyOthersAsync(BillingChange.Customer(customer.Code), cancellationToken);
    }

    public async Task InvalidateAsync(string customerCode, CancellationToken cancellationToken)
    {
        snapshots.Invalidate(customerCode);
        await changes.NotifyOthersAsync(BillingChange.Customer(customerCode), cancellationToken);
    }

    public async Task<IReadOnlyList<BillingEventLine>> RecentEventsAsync(string customerCode, int count, CancellationToken cancellationToken)
    {
        // Its own scope: a circuit's page lives long, and the store's DbContext should not.
        await using var scope = scopes.CreateAsyncScope();
        var events = await scope.ServiceProvider.GetRequiredService<BillingEventStore>().RecentAsync(customerCode, count, cancellationToken);
        return events
            .Select(e => new BillingEventLine
            {
                ActivityType = e.ActivityType,
                Summary = e.Summary,
                At = new DateTimeOffset(DateTime.SpecifyKind(e.OccurredAtUtc ?? e.ReceivedAtUtc, DateTimeKind.Utc)),
            })
            // Deliveries may arrive out of order; show them in the order Cheddar says they happened.
            .OrderByDescending(e => e.At)
            .ToList();
    }
}
