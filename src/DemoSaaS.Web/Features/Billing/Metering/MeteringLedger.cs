namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// Per customer and tracked item: what Cheddar confirmed last and which batch is on its way, so that a call
/// whose outcome is unknown can be reconciled exactly (see docs/decisions/0002-metering-exactly-once.md).
/// </summary>
public sealed class MeteringLedger
{
    public required string CustomerCode { get; set; }

    public required string ItemCode { get; set; }

    /// <summary>Cheddar's quantity for the item as of its last response we saw; null until the first one.</summary>
    public decimal? ConfirmedQuantity { get; set; }

    /// <summary>Identifies the billing period <see cref="ConfirmedQuantity"/> belongs to (subscription and current invoice).</summary>
    public string? ConfirmedPeriod { get; set; }

    public DateTime? ConfirmedAtUtc { get; set; }

    /// <summary>The batch sent (or about to be sent) and not yet confirmed; at most one per customer and item.</summary>
    public Guid? InFlightBatchId { get; set; }

    public decimal InFlightQuantity { get; set; }

    /// <summary>True once the batch's outcome became unknown (timeout, 5xx, crash): it must be reconciled before anything else.</summary>
    public bool InFlightNeedsReconcile { get; set; }

    public DateTime? InFlightSinceUtc { get; set; }

    public int FailedAttempts { get; set; }

    public DateTime? NextAttemptAtUtc { get; set; }

    public string? LastError { get; set; }
}
