using System.Linq.Expressions;

namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// One recorded use of a metered feature, written in the same transaction as what the user made and
/// delivered to Cheddar later by <see cref="UsageRelay"/> (the transactional outbox).
/// </summary>
public sealed class UsageOutboxEntry
{
    /// <summary>Uses gating adds to Cheddar's quantity: not settled, or parked (a parked use is not free).</summary>
    public static readonly Expression<Func<UsageOutboxEntry, bool>> IsUnsettled =
        u => u.State == UsageState.Pending || u.State == UsageState.Claimed || u.State == UsageState.Parked;

    public long Id { get; set; }

    /// <summary>The Cheddar customer code, which is the Identity user id.</summary>
    public required string CustomerCode { get; set; }

    public required string ItemCode { get; set; }

    public decimal Quantity { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    public UsageState State { get; set; }

    /// <summary>The delivery batch (<see cref="UsageBatch"/>) that carries or carried this use; null while pending.</summary>
    public Guid? BatchId { get; set; }

    /// <summary>When the use reached a settled state (delivered, covered, rejected, forgiven).</summary>
    public DateTime? SettledAtUtc { get; set; }

    /// <summary>Why it is parked, rejected or forgiven; kept for inspection.</summary>
    public string? Reason { get; set; }
}
