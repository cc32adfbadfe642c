using System.Runtime.CompilerServices;
using DemoSaaS.Web.Data;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>Adds an outbox row to the caller's unit of work; once that work is committed, signals the outbox change and wakes the relay.</summary>
internal sealed class UsageMeter(UsageRelaySignal signal, UsageOutboxChanges outboxChanges, UsageCommitSignal commits, IOptions<BillingOptions> options, TimeProvider time) : IUsageMeter
{
    // One SavedChanges subscription per DbContext instance, however many uses it records.
    private static readonly ConditionalWeakTable<ApplicationDbContext, object> Subscribed = new();

    public void Record(ApplicationDbContext db, string userId, MeteredFeature feature, decimal quantity = 1)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (quantity <= 0 || decimal.Round(quantity, 4) != quantity)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "A use is a positive quantity with at most 4 decimals.");
        }

        db.UsageOutbox.Add(new UsageOutboxEntry
        {
            CustomerCode = userId,
            ItemCode = options.Value.ItemCodeFor(feature),
            Quantity = quantity,
            RecordedAtUtc = time.GetUtcNow().UtcDateTime,
            State = UsageState.Pending,
        });

        if (!Subscribed.TryGetValue(db, out _))
        {
            Subscribed.Add(db, new object());
            // Signalled only once the rows are committed, so gating's cached pending sums are invalidated when the new rows
            // are visible to their query: at SavedChanges, or when the caller's own transaction ends.
            db.SavedChanges += (_, _) =>
            {
                if (db.Database.CurrentTransaction?.GetDbTransaction() is { } transaction)
                {
                    commits.SignalWhenEnded(transaction);
                    return;
                }
                outboxChanges.Bump();
                signal.Notify();
            };
        }
    }
}
