using System.Runtime.CompilerServices;
using DemoSaaS.Web.Data;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>Adds an outbox row to the caller's unit of work and wakes the relay once that work is committed.</summary>
internal sealed class UsageMeter(UsageRelaySignal signal, IOptions<BillingOptions> options, TimeProvider time) : IUsageMeter
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
        });

        if (!Subscribed.TryGetValue(db, out _))
        {
            Subscribed.Add(db, new object());
            db.SavedChanges += (_, _) => signal.Notify();
        }
    }
}
