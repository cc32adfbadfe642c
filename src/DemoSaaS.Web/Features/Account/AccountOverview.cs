using DemoSaaS.Cheddar.Models;
using DemoSaaS.Web.Features.Billing.Usage;

namespace DemoSaaS.Web.Features.Account;

/// <summary>Everything the account page shows, derived from the customer exactly as Cheddar returned it.</summary>
public sealed record AccountOverview
{
    public required string CustomerCode { get; init; }

    /// <summary>Cheddar's customer document; null when Cheddar has no customer for this user.</summary>
    public Customer? Customer { get; init; }

    public required AccountStatus Status { get; init; }

    /// <summary>The instant the state was judged at (Cheddar's clock when it is ahead of ours).</summary>
    public required DateTimeOffset AsOf { get; init; }

    public Plan? Plan { get; init; }
    public int? TrialDaysLeft { get; init; }
    public DateTimeOffset? CanceledAt { get; init; }

    /// <summary>Why Cheddar canceled: customer, declined, expired...</summary>
    public string? CancelType { get; init; }

    public DateTimeOffset? NextBillDate { get; init; }

    /// <summary>What the open invoice adds up to right now (plan price, overage so far, discounts).</summary>
    public decimal? NextBillAmount { get; init; }

    /// <summary>Unpaid bills whose date has passed.</summary>
    public decimal OutstandingAmount { get; init; }

    public CardSummary? Card { get; init; }
    public string? CouponCode { get; init; }
    /// <summary>Each tracked item against its quota this period, as gating counts it (<see cref="UsageAgainstQuota"/>).</summary>
    public IReadOnlyList<QuotaUsage> Usage { get; init; } = [];
    public IReadOnlyList<InvoiceLine> Invoices { get; init; } = [];
    public IReadOnlyList<BillingEventLine> Events { get; init; } = [];

    /// <summary>The plans a customer can choose, cheapest first.</summary>
    public IReadOnlyList<Plan> Plans { get; init; } = [];

    public bool IsCanceled => Status == AccountStatus.Canceled;
    public bool HasSubscription => Status != AccountStatus.NoSubscription;

    public static AccountOverview Create(
        string customerCode,
        Customer? customer,
        IReadOnlyList<Plan> plans,
        IReadOnlyList<BillingEventLine> events,
        DateTimeOffset now,
        IReadOnlyList<QuotaUsage> usage)
    {
        var asOf = BillingClock.Now(customer, now);
        var orderedPlans = plans.Where(p => p.IsActive).OrderBy(p => p.RecurringChargeAmount).ToList();
        var subscription = customer?.CurrentSubscription;
        if (customer is null || subscription is null)
        {
            return new AccountOverview
            {
                CustomerCode = customerCode, Customer = customer, Status = AccountStatus.NoSubscription, AsOf = asOf,
                Plans = orderedPlans, Events = events,
            };
        }

        var active = subscription.IsActive(asOf);
        var open = active ? OpenInvoice(subscription, asOf) : null;
        var status = !active ? AccountStatus.Canceled
            : subscription.IsPastDue(asOf) ? AccountStatus.PastDue
            : IsInTrial(subscription, open) ? AccountStatus.Trial
            : AccountStatus.Active;

        return new AccountOverview
        {
            CustomerCode = customerCode,
            Customer = customer,
            Status = status,
            AsOf = asOf,
            Plan = subscription.Plan,
            TrialDaysLeft = status == AccountStatus.Trial && open?.BillingDatetime is { } trialEnd
                ? (int)Math.Ceiling((trialEnd - asOf).TotalDays)
                : null,
            CanceledAt = status == AccountStatus.Canceled ? subscription.CanceledDatetime : null,
            CancelType = status == AccountStatus.Canceled ? subscription.CancelType : null,
            NextBillDate = open?.BillingDatetime,
            NextBillAmount = open is null ? null : Math.Max(0, open.Total),
            OutstandingAmount = subscription.OutstandingInvoices(asOf).Sum(i => i.Total),
            Card = string.IsNullOrEmpty(subscription.CcLastFour)
                ? null
                : new CardSummary { Type = subscription.CcType ?? "unk", LastFour = subscription.CcLastFour, ExpiresAt = subscription.CcExpirationDate },
            CouponCode = string.IsNullOrEmpty(subscription.CouponCode) ? null : subscription.CouponCode,
            // Measured by billing's UsageAgainstQuota, exactly as gating counts it.
            Usage = usage,
            Invoices = InvoiceHistory(customer, open, asOf),
            Events = events,
            Plans = orderedPlans,
        };
    }

    /// <summary>
    /// A paid plan whose first subscription bill is still ahead (Cheddar's trial is a delayed first invoice). Unlike the
    /// client's IsInTrial, a paid one-time invoice (a report pack) does not end the trial: only a subscription bill does.
    /// </summary>
    private static bool IsInTrial(Subscription subscription, Invoice? open) =>
        !subscription.Plan.IsFree
        && open is not null
        && subscription.Invoices
            .Where(i => !string.Equals(i.Type, Invoice.OneTimeType, StringComparison.Ordinal))
            .All(i => i.Transactions.Count == 0 && !i.IsPaid);

    /// <summary>Cheddar's rule: the first invoice is the open one while it is unpaid and still ahead.</summary>
    private static Invoice? OpenInvoice(Subscription subscription, DateTimeOffset asOf) =>
        subscription.CurrentInvoice is { IsPaid: false, BillingDatetime: { } billing } invoice
            && billing > asOf
            && !string.Equals(invoice.Type, Invoice.OneTimeType, StringComparison.Ordinal)
            ? invoice
            : null;

    private static List<InvoiceLine> InvoiceHistory(Customer customer, Invoice? open, DateTimeOffset asOf)
    {
        var lines = new List<InvoiceLine>();
        foreach (var invoice in customer.Subscriptions.SelectMany(s => s.Invoices).DistinctBy(i => i.Id))
        {
            if (ReferenceEquals(invoice, open))
            {
                lines.Add(new InvoiceLine { Invoice = invoice, Status = InvoiceStatus.Upcoming });
                continue;
            }
            // Bills that never came due (a replaced plan's or a canceled subscription's open invoice) are not history.
            if (!invoice.IsPaid && (invoice.BillingDatetime is null || invoice.BillingDatetime > asOf))
            {
                continue;
            }
            // Free periods bill nothing; listing them only buries the real bills.
            if (invoice.Total == 0 && invoice.Transactions.Count == 0)
            {
                continue;
            }
            var status = invoice.IsPaid ? InvoiceStatus.Paid
                : invoice.Transactions.Any(t => !t.IsApproved) ? InvoiceStatus.Declined
                : InvoiceStatus.Unpaid;
            lines.Add(new InvoiceLine { Invoice = invoice, Status = status });
        }
        return lines
            .OrderByDescending(l => l.Status == InvoiceStatus.Upcoming)
            .ThenByDescending(l => l.Invoice.BillingDatetime)
            .ThenByDescending(l => l.Invoice.Number)
            .ToList();
    }
}
