namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>Where one delivery batch (one add-item-quantity of a customer's item) stands; the last four are final.</summary>
public enum UsageBatchState
{
    /// <summary>Claimed and committed; the call is on its way (or the process stopped during it).</summary>
    Sending = 0,

    /// <summary>The call failed without an answer that says whether Cheddar applied it: reconciled after the settle time.</summary>
    OutcomeUnknown = 1,

    /// <summary>Cheddar counted it.</summary>
    Delivered = 2,

    /// <summary>The outcome could not be decided, or Cheddar refused it for a reason a person must look at.</summary>
    Parked = 3,

    /// <summary>Cheddar no longer has the customer.</summary>
    Rejected = 4,

    /// <summary>Not billed by a documented rule (the reason says which).</summary>
    Forgiven = 5,

    /// <summary>An operator sent its uses again; they travel in a later batch.</summary>
    SentAgain = 6,
}
