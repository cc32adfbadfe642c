using System.Globalization;
using DemoSaaS.Cheddar.Webhooks;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing.Changes;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.Web.Features.Billing.Webhooks;

/// <summary>
/// Stores each Cheddar event once (by activity id) and applies it; lists a customer's recent events. The table is the
/// inbox of every instance: of any number of deliveries of one event, to any instances at once, exactly one inserts,
/// and that one applies it, in the insert's transaction.
/// </summary>
public sealed partial class BillingEventStore(
    ApplicationDbContext db,
    IBillingChangeNotifier changes,
    TimeProvider time,
    ILogger<BillingEventStore> logger)
{
    public async Task<WebhookReceipt> ReceiveAsync(CheddarWebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookEvent.ActivityId);
        var customerCode = webhookEvent.Customer?.Code;
        var occurredAt = webhookEvent.ActivityDatetime?.UtcDateTime;
        var receivedAt = time.GetUtcNow().UtcDateTime;
        var summary = Summarize(webhookEvent);
        // ON CONFLICT DO NOTHING on the primary key (SQLite and PostgreSQL alike): of any number of concurrent deliveries
        // of one event exactly one inserts (on PostgreSQL the others wait for its transaction, then insert nothing).
        // Applying it — every instance's snapshot of the customer invalidated, so e.g. a cancel locks features at
        // once — is sent in the same transaction: it happens exactly when the event is stored, and only then.
        // Synced before the 200: Cheddar does not deliver an acknowledged event again.
        int inserted;
        await using (await DurableCommits.BeginAsync(db, cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "BillingEvents" ("ActivityId", "ActivityType", "CustomerCode", "OccurredAtUtc", "ReceivedAtUtc", "Summary")
                VALUES ({webhookEvent.ActivityId}, {webhookEvent.ActivityTypeName}, {customerCode}, {occurredAt}, {receivedAt}, {summary})
                ON CONFLICT DO NOTHING
                """, cancellationToken);
            if (inserted > 0 && customerCode is not null)
            {
                await changes.NotifyWithinAsync(db, BillingChange.Customer(customerCode), cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        if (inserted == 0)
        {
            LogDuplicate(webhookEvent.ActivityId, webhookEvent.ActivityTypeName);
            return WebhookReceipt.Duplicate;
        }

        LogApplied(webhookEvent.ActivityId, webhookEvent.ActivityTypeName, customerCode);
        return WebhookReceipt.Applied;
    }

    /// <summary>The customer's latest billing events, newest first, for the account page.</summary>
    public async Task<IReadOnlyList<BillingEvent>> RecentAsync(string customerCode, int count = 20, CancellationToken cancellationToken = default) =>
        await db.BillingEvents.AsNoTracking()
            .Where(e => e.CustomerCode == customerCode)
            .OrderByDescending(e => e.ReceivedAtUtc)
            .Take(count)
            .ToListAsync(cancellationToken);

    internal static string Summarize(CheddarWebhookEvent e)
    {
        var plan = e.Subscription?.Plan?.Name ?? e.Subscription?.Plan?.Code;
        var onPlan = plan is null ? "" : $" ({plan})";
        var summary = e.ActivityType switch
        {
            CheddarActivityType.NewSubscription => $"Subscribed{onPlan}",
            CheddarActivityType.SubscriptionChanged =>
                $"Plan changed from {e.PreviousSubscription?.Plan?.Name ?? e.PreviousSubscription?.Plan?.Code ?? "?"} to {plan ?? "?"}",
            CheddarActivityType.SubscriptionCanceled =>
                $"Subscription canceled{onPlan}{(e.Subscription?.CancelReason is { } reason ? $": {reason}" : "")}",
            CheddarActivityType.SubscriptionReactivated => $"Subscription reactivated{onPlan}",
            CheddarActivityType.CustomerDeleted => "Billing account deleted",
            CheddarActivityType.Transaction => e.Transaction is { } transaction
                ? $"Payment of {transaction.Amount.ToString("0.00", CultureInfo.InvariantCulture)} {transaction.Response ?? "processed"}"
                    + (e.Invoice?.Number is { } number ? $" (invoice {number})" : "")
                : "Payment processed",
            _ => e.ActivityTypeName,
        };
        return summary.Length > 500 ? summary[..500] : summary;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Applied Cheddar event {ActivityId} ({ActivityType}) for customer {CustomerCode}")]
    private partial void LogApplied(string activityId, string activityType, string? customerCode);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Ignored redelivery of Cheddar event {ActivityId} ({ActivityType})")]
    private partial void LogDuplicate(string activityId, string activityType);
}
