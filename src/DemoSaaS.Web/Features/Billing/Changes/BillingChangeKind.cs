namespace DemoSaaS.Web.Features.Billing.Changes;

/// <summary>What changed for a customer, and so what each instance forgets.</summary>
public enum BillingChangeKind
{
    /// <summary>The customer's billing at Cheddar (plan, subscription, card, invoices, quantities): gating's snapshot is invalidated.</summary>
    Customer,

    /// <summary>
    /// The customer's uses recorded here and not yet settled (the usage outbox): each instance's pending-use sums are
    /// re-read (<see cref="Metering.UsageOutboxChanges"/>). Send it with the outbox write's transaction.
    /// </summary>
    UsageOutbox,
}
