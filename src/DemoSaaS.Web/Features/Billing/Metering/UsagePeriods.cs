using DemoSaaS.Cheddar.Models;

namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// Reads from a customer document whether a tracked item's usage counter continued since we last saw it. Cheddar's
/// rules (as the sandbox README records them, from the API reference): a plan change starts a new subscription that
/// carries the usage of items both plans track; a period close (renewal, or a plan change billed at once) resets
/// periodic items to 0; re-subscribing after a cancel starts from 0; a canceled subscription's quantities are frozen.
/// </summary>
public static class UsagePeriods
{
    /// <summary>Where the customer is now: the current subscription and its open invoice, as "subscription/invoice".</summary>
    public static string? PositionOf(Customer customer) =>
        customer.CurrentSubscription is { } subscription ? $"{subscription.Id}/{OpenInvoiceOf(subscription)?.Id}" : null;

    public static UsagePeriodChange Since(string? position, Customer customer, string itemCode)
    {
        if (position is null || position.Split('/') is not [var subscriptionId, var invoiceId])
        {
            return UsagePeriodChange.Unknown;
        }
        var subscriptions = customer.Subscriptions;
        var index = -1;
        for (var i = 0; i < subscriptions.Count; i++)
        {
            if (string.Equals(subscriptions[i].Id, subscriptionId, StringComparison.Ordinal))
            {
                index = i;
                break;
            }
        }
        if (index < 0)
        {
            return UsagePeriodChange.Unknown;
        }

        // The subscription we saw: did the invoice that was open then close since (a renewal)?
        var seen = subscriptions[index];
        if (invoiceId.Length > 0 && IsPeriodic(seen, itemCode))
        {
            var invoices = seen.Invoices;
            for (var i = 0; i < invoices.Count; i++)
            {
                if (string.Equals(invoices[i].Id, invoiceId, StringComparison.Ordinal) && IsClosed(invoices[i], i))
                {
                    return UsagePeriodChange.Restarted;
                }
            }
        }
        // Every newer subscription (newest first in the document): how it started, and whether it closed a period.
        for (var i = index - 1; i >= 0; i--)
        {
            var previous = subscriptions[i + 1];
            var next = subscriptions[i];
            var reactivation = previous.CanceledDatetime is { } canceled
                && (next.CreatedDatetime is null || canceled <= next.CreatedDatetime);
            if (reactivation || next.Plan.FindItem(itemCode) is null || previous.Plan.FindItem(itemCode) is null)
            {
                return UsagePeriodChange.Restarted;
            }
            if (IsPeriodic(next, itemCode) && next.Invoices.Select((invoice, at) => IsClosed(invoice, at)).Any(closed => closed))
            {
                return UsagePeriodChange.Restarted;
            }
        }
        return UsagePeriodChange.Continues;
    }

    /// <summary>A canceled current subscription: Cheddar no longer changes its quantities.</summary>
    public static bool HasEnded(Customer customer, DateTime nowUtc)
    {
        var subscription = customer.CurrentSubscription;
        if (subscription?.CanceledDatetime is not { } canceled)
        {
            return subscription is null;
        }
        // Cheddar stamps a cancel with its own clock, which may run ahead of ours.
        var cheddarNow = customer.ModifiedDatetime is { } modified && modified.UtcDateTime > nowUtc ? modified.UtcDateTime : nowUtc;
        return canceled.UtcDateTime <= cheddarNow && !subscription.IsPayPalPending(canceled);
    }

    private static bool IsPeriodic(Subscription subscription, string itemCode) => subscription.Plan.FindItem(itemCode) is not { IsPeriodic: false };

    // A subscription invoice closed when it was charged, or when a newer one opened after it (the open one is first).
    private static bool IsClosed(Invoice invoice, int position) =>
        !string.Equals(invoice.Type, Invoice.OneTimeType, StringComparison.Ordinal)
        && (position > 0 || invoice.IsPaid || invoice.Transactions.Count > 0);

    private static Invoice? OpenInvoiceOf(Subscription subscription) =>
        subscription.Invoices.FirstOrDefault(i => !string.Equals(i.Type, Invoice.OneTimeType, StringComparison.Ordinal) && !IsClosed(i, 0));
}
