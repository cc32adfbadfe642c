namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// Where one recorded use stands. Pending, Claimed and Parked uses are not (known to be) in Cheddar's quantity yet, so
/// gating adds them; Delivered and CoveredByReportPack are settled as billed; Rejected and Forgiven are settled as
/// never billed (each with a reason). See docs/decisions/0008-usage-ledger-reconciliation.md.
/// </summary>
public enum UsageState
{
    /// <summary>Recorded, waiting for the relay's next batch.</summary>
    Pending = 0,

    /// <summary>In a batch that is being sent or whose outcome is being reconciled.</summary>
    Claimed = 1,

    /// <summary>Cheddar counted it (its answer, or reconciliation, or an operator's "mark applied").</summary>
    Delivered = 2,

    /// <summary>Paid by a report pack (a one-time invoice), so never sent (docs/decisions/0004-report-pack-quota.md).</summary>
    CoveredByReportPack = 3,

    /// <summary>Its batch's outcome could not be decided or Cheddar refused it: waits for an operator, still counted by gating.</summary>
    Parked = 4,

    /// <summary>Cheddar no longer has the customer: can never be billed.</summary>
    Rejected = 5,

    /// <summary>Not billed by a documented rule (a canceled subscription, a plan's hard limit); the reason says which.</summary>
    Forgiven = 6,
}
