namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// One recorded use of a metered feature, written in the same transaction as what the user made and
/// delivered to Cheddar later by <see cref="UsageRelay"/> (the transactional outbox).
/// </summary>
public sealed class UsageOutboxEntry
{
    public long Id { get; set; }

    /// <summary>The Cheddar customer code, which is the Identity user id.</summary>
    public required string CustomerCode { get; set; }

    public required string ItemCode { get; set; }

    public decimal Quantity { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    /// <summary>The delivery batch that carries this use; null while pending. A batch is one Cheddar call.</summary>
    public Guid? BatchId { get; set; }

    /// <summary>Set once Cheddar confirmed the batch (by its response or by reconciliation).</summary>
    public DateTime? DeliveredAtUtc { get; set; }

    /// <summary>
    /// The use was paid for by a report pack (a one-time invoice) and is not sent to Cheddar, so Cheddar neither refuses
    /// it above a plan's hard limit nor bills it again as overage. <see cref="DeliveredAtUtc"/> is set at the same time.
    /// See docs/decisions/0004-report-pack-quota.md.
    /// </summary>
    public bool CoveredByReportPack { get; set; }

    /// <summary>Set when Cheddar refused the use for good (e.g. the customer no longer exists); kept for inspection.</summary>
    public string? RejectedReason { get; set; }
}
