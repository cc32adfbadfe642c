namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// A relay's write for a customer's item was refused because another relay has claimed the item's ledger since (the
/// first one lost its lock, e.g. its database connection was cut, and the other took the customer over). Nothing of
/// the refused write was committed; the relay stops working on the customer and leaves the batch to the new owner.
/// </summary>
public sealed class RelayClaimLostException(string customerCode, string itemCode)
    : Exception($"Another usage relay has claimed customer {customerCode}'s {itemCode} ledger.")
{
    public string CustomerCode { get; } = customerCode;

    public string ItemCode { get; } = itemCode;
}
