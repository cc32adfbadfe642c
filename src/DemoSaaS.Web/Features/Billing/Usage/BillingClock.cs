using DemoSaaS.Cheddar.Models;

namespace DemoSaaS.Web.Features.Billing.Usage;

/// <summary>
/// The one clock rule of billing: the instant a customer's state is judged at. Cheddar cannot have charged or changed
/// anything in our future, so when its latest change, subscription or transaction is ahead of our clock (Cheddar's
/// clock runs ahead, e.g. the sandbox's billing clock was advanced), that is "now". Gating, the account page and the
/// usage relay all judge cancellation, the billing period and report packs by it.
/// </summary>
public static class BillingClock
{
    public static DateTimeOffset Now(Customer? customer, DateTimeOffset ourNow)
    {
        if (customer is null)
        {
            return ourNow;
        }
        var latest = ourNow;
        if (customer.ModifiedDatetime is { } modified && modified > latest)
        {
            latest = modified;
        }
        foreach (var subscription in customer.Subscriptions)
        {
            if (subscription.CreatedDatetime is { } created && created > latest)
            {
                latest = created;
            }
            foreach (var invoice in subscription.Invoices)
            {
                foreach (var transaction in invoice.Transactions)
                {
                    if ((transaction.TransactedDatetime ?? transaction.CreatedDatetime) is { } at && at > latest)
                    {
                        latest = at;
                    }
                }
            }
        }
        return latest;
    }
}
