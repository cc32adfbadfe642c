using DemoSaaS.Cheddar.Models;
using Microsoft.EntityFrameworkCore;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing.Gating;
using DemoSaaS.Web.Features.Billing.Metering;
using DemoSaaS.Web.Features.Billing.Webhooks;

namespace DemoSaaS.Web.Features.Account;

/// <summary>Billing's snapshot cache and webhook store, as the account page uses them.</summary>
internal sealed class AccountBillingSync(CustomerSnapshotCache snapshots, IServiceScopeFactory scopes) : IAccountBillingSync
{
    public void Accepted(Customer customer) => snapshots.Store(customer);

    public void Invalidate(string customerCode) => snapshots.Invalidate(customerCode);

    public async Task<decimal> UsageNotAtCheddarAsync(string customerCode, string itemCode, DateTimeOffset periodStart, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var pending = await db.UsageOutbox.AsNoTracking()
            .Where(u => u.CustomerCode == customerCode && u.ItemCode == itemCode)
            .Where(UsageOutboxEntry.IsUnsettled)
            .Select(u => u.Quantity)
            .ToListAsync(cancellationToken);
        return pending.Sum() + await ReportPackCoverage.CoveredSinceAsync(db, customerCode, itemCode, periodStart, cancellationToken);
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
