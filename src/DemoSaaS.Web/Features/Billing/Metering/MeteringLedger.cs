namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// Per customer and tracked item: our ledger of the current usage period (what Cheddar's counter held when we first
/// saw the period, plus the units we delivered into it), where in Cheddar's subscriptions we last saw it, and which
/// batch is on its way. An unknown outcome is decided from it
/// (docs/decisions/0008-usage-ledger-reconciliation.md).
/// </summary>
public sealed class MeteringLedger
{
    public required string CustomerCode { get; set; }

    public required string ItemCode { get; set; }

    /// <summary>Our id for the current usage period: kept across plan changes (Cheddar carries the usage over), new after a reset.</summary>
    public Guid? UsagePeriodId { get; set; }

    /// <summary>Cheddar's quantity when we first saw this usage period, before any of our batches in it; null until read.</summary>
    public decimal? OpeningQuantity { get; set; }

    /// <summary>Units our delivered batches added in this usage period.</summary>
    public decimal DeliveredInPeriod { get; set; }

    /// <summary>Where we last saw the period: Cheddar's current subscription id and its open invoice id ("sub/invoice").</summary>
    public string? ConfirmedPeriod { get; set; }

    public DateTime? ConfirmedAtUtc { get; set; }

    /// <summary>
    /// The claim of the relay that holds the customer (a new value each time a relay takes the customer's lock). Every
    /// write a relay makes for this ledger, its batch and its uses checks it in the same transaction, so a relay that lost
    /// the customer to another cannot confirm, resend or claim (docs/decisions/0002-metering-exactly-once.md, "Several instances").
    /// </summary>
    public Guid? ClaimToken { get; set; }

    /// <summary>The batch sent (or about to be sent) and not yet decided; at most one per customer and item.</summary>
    public Guid? InFlightBatchId { get; set; }

    public int FailedAttempts { get; set; }

    public DateTime? NextAttemptAtUtc { get; set; }

    public string? LastError { get; set; }

    /// <summary>What Cheddar's quantity should be without the batch in flight.</summary>
    public decimal? Baseline => OpeningQuantity + DeliveredInPeriod;
}
