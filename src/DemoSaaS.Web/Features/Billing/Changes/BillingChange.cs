namespace DemoSaaS.Web.Features.Billing.Changes;

/// <summary>One customer's change that every instance must hear of.</summary>
public sealed record BillingChange(BillingChangeKind Kind, string CustomerCode)
{
    /// <summary>The customer's billing at Cheddar changed: every instance's snapshot of it is invalidated.</summary>
    public static BillingChange Customer(string customerCode) => new(BillingChangeKind.Customer, customerCode);

    /// <summary>The customer's unsettled uses changed: every instance re-reads its pending-use sum.</summary>
    public static BillingChange UsageOutbox(string customerCode) => new(BillingChangeKind.UsageOutbox, customerCode);
}
