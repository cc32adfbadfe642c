using DemoSaaS.Cheddar.Models;

namespace DemoSaaS.Web.Features.Billing.Usage;

/// <summary>
/// How many extra units the customer bought as report packs this billing period, read from Cheddar's own
/// invoices: paid one-time invoices whose lines carry the pack's charge code, billed since the period began.
/// Nothing is stored locally, so a pack Cheddar did not charge can never raise the quota
/// (see docs/decisions/0004-report-pack-quota.md).
/// </summary>
public static class ReportPackCredit
{
    /// <summary>Units of <paramref name="itemCode"/> bought as packs this period (0 for items packs do not add to).</summary>
    public static decimal UnitsFor(Customer? customer, string itemCode, DateTimeOffset asOf, ReportPackOptions options)
    {
        if (customer?.CurrentSubscription is null || !string.Equals(itemCode, options.ItemCode, StringComparison.Ordinal))
        {
            return 0;
        }
        var periodStart = PeriodStart(customer, asOf);
        var packs = customer.Subscriptions
            .SelectMany(s => s.Invoices)
            .DistinctBy(i => i.Id)
            .Where(i => string.Equals(i.Type, Invoice.OneTimeType, StringComparison.Ordinal)
                && i.IsPaid
                && i.BillingDatetime is { } billed && billed >= periodStart && billed <= asOf)
            .SelectMany(i => i.Charges)
            .Where(c => string.Equals(c.Code, options.ChargeCode, StringComparison.Ordinal) && c.Quantity > 0)
            .Sum(c => c.Quantity);
        return packs * options.Units;
    }

    /// <summary>
    /// The start of the current usage period: the last subscription bill that Cheddar closed (usage resets there),
    /// or the first subscription's creation when nothing was billed yet.
    /// </summary>
    public static DateTimeOffset PeriodStart(Customer customer, DateTimeOffset asOf)
    {
        var lastBill = customer.Subscriptions
            .SelectMany(s => s.Invoices.Skip(ReferenceEquals(s, customer.CurrentSubscription) && IsOpen(s.CurrentInvoice, asOf) ? 1 : 0))
            .Where(i => string.Equals(i.Type ?? Invoice.SubscriptionType, Invoice.SubscriptionType, StringComparison.Ordinal)
                && i.BillingDatetime is { } billed && billed <= asOf)
            .Select(i => i.BillingDatetime!.Value)
            .DefaultIfEmpty(DateTimeOffset.MinValue)
            .Max();
        var firstCreated = customer.Subscriptions
            .Select(s => s.CreatedDatetime ?? DateTimeOffset.MinValue)
            .DefaultIfEmpty(DateTimeOffset.MinValue)
            .Min();
        return lastBill > firstCreated ? lastBill : firstCreated;
    }

    private static bool IsOpen(Invoice? invoice, DateTimeOffset asOf) =>
        invoice is { IsPaid: false, BillingDatetime: { } billing } && billing > asOf;
}
