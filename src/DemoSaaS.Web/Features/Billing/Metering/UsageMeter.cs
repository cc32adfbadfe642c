using DemoSaaS.Web.Data;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>Adds an outbox row to the caller's unit of work; once that work is committed, signals the outbox change and wakes the relay.</summary>
internal sealed class UsageMeter(UsageCommitSignal commits, IOptions<BillingOptions> options, TimeProvider time) : IUsageMeter
{
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

        // Signalled only once the rows are committed, so gating's cached pending sums are invalidated when the new rows
        // are visible to their query: at SavedChanges, or when the caller's own transaction ends.
        commits.RecordedOn(db);
    }
}
