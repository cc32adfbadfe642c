namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// One add-item-quantity the relay made (or is making) for a customer's item: the ledger of what was sent, when,
/// with which outcome. Delivered batches are the units we know Cheddar counted, per usage period.
/// </summary>
public sealed class UsageBatch
{
    public Guid Id { get; set; }

    public required string CustomerCode { get; set; }

    public required string ItemCode { get; set; }

    public decimal Quantity { get; set; }

    public UsageBatchState State { get; set; }

    public DateTime ClaimedAtUtc { get; set; }

    /// <summary>When the last add-item-quantity for it started; reconciliation waits the settle time after it.</summary>
    public DateTime LastAttemptAtUtc { get; set; }

    public int Attempts { get; set; }

    /// <summary>When it reached a final state.</summary>
    public DateTime? SettledAtUtc { get; set; }

    /// <summary>Cheddar's subscription and open invoice ("sub/invoice") as the ledger last saw them when the batch was claimed.</summary>
    public string? ClaimedInPeriod { get; set; }

    /// <summary>The usage period (<see cref="MeteringLedger.UsagePeriodId"/>) it was counted in, once delivered.</summary>
    public Guid? UsagePeriodId { get; set; }

    /// <summary>Why it is parked, rejected or forgiven, or how it was decided.</summary>
    public string? Reason { get; set; }
}
