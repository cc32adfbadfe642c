using DemoSaaS.CheddarSandbox.Catalog;
using DemoSaaS.CheddarSandbox.Customers;
using DemoSaaS.CheddarSandbox.Gateway;
using DemoSaaS.CheddarSandbox.Hosting;
using DemoSaaS.CheddarSandbox.Storage;
using DemoSaaS.CheddarSandbox.Xml;
using Microsoft.Extensions.Options;

namespace DemoSaaS.CheddarSandbox.Billing;

/// <summary>
/// The billing rules shared by the API and the billing engine: opening invoices, closing a period (freeze lines,
/// reset periodic usage, open the next invoice), charging through the simulated gateway, dunning and cancellation.
/// Callers hold the store's lock and save the customer afterwards; webhook events are collected in <see cref="Webhooks"/>.
/// </summary>
public sealed class SubscriptionBilling(
    CustomerStore store, SandboxCatalog catalog, InvoiceCalculator calculator, WebhookPayloads payloads, IOptions<CheddarSandboxOptions> options)
{
    public const string DeclinedMemo = "SIMULATED declined payment";
    public const string ApprovedMemo = "SIMULATED approved payment";

    public List<PendingWebhook> Webhooks { get; } = [];

    public InvoiceCalculator Calculator => calculator;

    public InvoiceRecord OpenInvoice(SubscriptionRecord subscription, DateTimeOffset billingDatetime, DateTimeOffset now)
    {
        var plan = catalog.FindPlan(subscription.PlanCode)!;
        var invoice = new InvoiceRecord
        {
            Id = Guid.NewGuid().ToString(),
            Number = (int)store.Next("invoice"),
            Type = InvoiceRecord.SubscriptionType,
            BillingDatetime = billingDatetime,
            CreatedDatetime = now,
            Charges =
            [
                new ChargeRecord
                {
                    Code = SandboxCatalog.RecurringChargeCode(plan), Type = "recurring", Quantity = 1m,
                    EachAmount = plan.RecurringChargeAmount, CreatedDatetime = billingDatetime,
                },
            ],
        };
        subscription.Invoices.Insert(0, invoice);
        return invoice;
    }

    /// <summary>A new subscription with its first open invoice, put first in the customer's list.</summary>
    public SubscriptionRecord Start(CustomerRecord customer, PlanDefinition plan, CardEntry? card, string couponCode,
        DateTimeOffset firstBill, DateTimeOffset now, SubscriptionRecord? carryUsageFrom = null)
    {
        var subscription = new SubscriptionRecord
        {
            Id = Guid.NewGuid().ToString(),
            PlanCode = plan.Code,
            CreatedDatetime = now,
            CouponCode = couponCode,
            BillingAnchor = firstBill,
            Items = plan.Items.Select(i => new ItemUsageRecord { ItemCode = i.Code }).ToList(),
        };
        if (carryUsageFrom is not null)
        {
            CopyCard(carryUsageFrom, subscription);
            foreach (var usage in subscription.Items)
            {
                // Usage of this period follows the customer to the new plan for items both plans track.
                if (carryUsageFrom.Items.FirstOrDefault(u => u.ItemCode == usage.ItemCode) is { } old)
                {
                    usage.Quantity = old.Quantity;
                    // What was used so far was settled under the old plan (its overage billed at the change by
                    // BillAccruedOverage): the new plan bills only what comes above it.
                    usage.SettledQuantity = old.Quantity;
                    usage.CreatedDatetime = old.CreatedDatetime;
                    usage.ModifiedDatetime = old.ModifiedDatetime;
                }
            }
        }
        if (card is not null)
        {
            ApplyCard(subscription, card);
        }
        if (subscription.HasCard && customer.GatewayToken.Length == 0)
        {
            customer.GatewayToken = SimulatedGateway.Token;
        }
        customer.Subscriptions.Insert(0, subscription);
        OpenInvoice(subscription, firstBill, now);
        return subscription;
    }

    public static void ApplyCard(SubscriptionRecord subscription, CardEntry card)
    {
        subscription.CcFirstName = card.FirstName;
        subscription.CcLastName = card.LastName;
        subscription.CcCompany = card.Company;
        subscription.CcCountry = card.Country;
        subscription.CcAddress = card.Address;
        subscription.CcCity = card.City;
        subscription.CcState = card.State;
        subscription.CcZip = card.Zip;
        if (card.Card is not null)
        {
            subscription.CcType = card.Card.Type;
            subscription.CcLastFour = card.Card.LastFour;
            subscription.CcExpirationDate = card.Card.ExpirationDate;
            subscription.GatewayToken = SimulatedGateway.Token;
        }
    }

    public static void CopyCard(SubscriptionRecord from, SubscriptionRecord to)
    {
        to.CcFirstName = from.CcFirstName;
        to.CcLastName = from.CcLastName;
        to.CcCompany = from.CcCompany;
        to.CcCountry = from.CcCountry;
        to.CcAddress = from.CcAddress;
        to.CcCity = from.CcCity;
        to.CcState = from.CcState;
        to.CcZip = from.CcZip;
        to.CcType = from.CcType;
        to.CcLastFour = from.CcLastFour;
        to.CcExpirationDate = from.CcExpirationDate;
        to.GatewayToken = from.GatewayToken;
    }

    /// <summary>
    /// Closes the open invoice at its bill date (or at <paramref name="at"/> for changeBillDate=now): freezes its lines,
    /// resets periodic usage, opens the next period's invoice, then charges. Returns the charge outcome.
    /// </summary>
    public ChargeOutcome CloseAndCharge(CustomerRecord customer, SubscriptionRecord subscription, InvoiceRecord invoice, DateTimeOffset at, bool atCardEntry)
    {
        var plan = catalog.FindPlan(subscription.PlanCode)!;
        calculator.Freeze(subscription, invoice);
        foreach (var usage in subscription.Items)
        {
            if (plan.Items.FirstOrDefault(i => i.Code == usage.ItemCode)?.IsPeriodic == true)
            {
                usage.Quantity = 0m;
                usage.SettledQuantity = 0m;
            }
        }
        subscription.PeriodsSinceAnchor++;
        var nextBill = (subscription.BillingAnchor ?? invoice.BillingDatetime).AddMonths(subscription.PeriodsSinceAnchor);
        OpenInvoice(subscription, nextBill, at);

        if (!plan.IsFree && !subscription.HasCard)
        {
            Cancel(customer, subscription, "declined", "No payment method on file at the bill date", at);
            return new ChargeOutcome(false, GatewayResults.Declined, GatewayResults.Message(GatewayResults.Declined));
        }
        return Charge(customer, subscription, invoice, at, atCardEntry);
    }

    /// <summary>Charges an unpaid invoice; on decline schedules the next dunning attempt or cancels when retries are exhausted.</summary>
    public ChargeOutcome Charge(CustomerRecord customer, SubscriptionRecord subscription, InvoiceRecord invoice, DateTimeOffset at, bool atCardEntry)
    {
        var amount = calculator.Total(subscription, invoice);
        var outcome = SimulatedGateway.Charge(subscription, amount, at, atCardEntry);
        var transaction = new TransactionRecord
        {
            Id = Guid.NewGuid().ToString(),
            Amount = amount,
            Memo = outcome.Approved ? ApprovedMemo : DeclinedMemo,
            Response = outcome.Approved ? "approved" : "declined",
            ResponseReason = outcome.Approved ? "" : outcome.Message,
            TransactedDatetime = at,
            CreatedDatetime = at,
        };
        invoice.Transactions.Add(transaction);
        if (outcome.Approved)
        {
            invoice.PaidTransactionId = transaction.Id;
            invoice.NextAttemptDatetime = null;
        }
        else if (invoice.Type == InvoiceRecord.SubscriptionType)
        {
            invoice.FailedAttempts++;
            var retryDays = options.Value.RetryDays;
            if (invoice.FailedAttempts <= retryDays.Count)
            {
                invoice.NextAttemptDatetime = invoice.BillingDatetime.AddDays(retryDays[invoice.FailedAttempts - 1]);
            }
            else
            {
                invoice.NextAttemptDatetime = null;
            }
        }
        if (amount > 0m)
        {
            Webhooks.Add(payloads.Event("transaction", customer, subscription, invoice, transaction));
        }
        if (!outcome.Approved && invoice.Type == InvoiceRecord.SubscriptionType && invoice.NextAttemptDatetime is null && !subscription.IsCanceled)
        {
            // Cheddar's cancel types distinguish an expired card from other declines.
            Cancel(customer, subscription, outcome.AuxCode == "5002" ? "expired" : "declined", "Payment declined: " + outcome.Message, at);
        }
        return outcome;
    }

    /// <summary>
    /// At a plan change or cancel: the overage accrued so far in the period (the open invoice's item lines under the
    /// plan the usage was recorded on) is billed now on a one-time invoice and charged to the card on file, so
    /// dropping the open invoice never drops usage. Null when there is no overage. A decline leaves the invoice
    /// outstanding (no dunning, as for any one-time invoice).
    /// </summary>
    public ChargeOutcome? BillAccruedOverage(CustomerRecord customer, SubscriptionRecord subscription, string reason, DateTimeOffset at)
    {
        if (subscription.OpenInvoice is not { } open || catalog.FindPlan(subscription.PlanCode) is not { } plan)
        {
            return null;
        }
        var overage = calculator.Lines(subscription, open)
            .Where(l => l.Type == "item" && l.Quantity > 0m && l.EachAmount > 0m)
            .Select(l => new ChargeRecord
            {
                Code = l.Code, Type = "item", Quantity = l.Quantity, EachAmount = l.EachAmount,
                Description = $"{plan.Name} overage this period, billed at the {reason}", CreatedDatetime = at,
            })
            .ToList();
        if (overage.Count == 0)
        {
            return null;
        }
        var invoice = new InvoiceRecord
        {
            Id = Guid.NewGuid().ToString(),
            Number = (int)store.Next("invoice"),
            Type = InvoiceRecord.OneTimeType,
            BillingDatetime = at,
            CreatedDatetime = at,
            IsBilled = true,
            Charges = overage,
            ClosedUsage = subscription.Items.ToDictionary(u => u.ItemCode, u => u.Quantity),
        };
        // The open invoice stays first (the caller drops it); this is the newest billed one.
        subscription.Invoices.Insert(subscription.Invoices.IndexOf(open) + 1, invoice);
        return Charge(customer, subscription, invoice, at, atCardEntry: false);
    }

    /// <summary>Cancels now: the open (future) invoice is dropped; an outstanding one stays for run-outstanding.</summary>
    public void Cancel(CustomerRecord customer, SubscriptionRecord subscription, string cancelType, string cancelReason, DateTimeOffset at)
    {
        subscription.CanceledDatetime = at;
        subscription.CancelType = cancelType;
        subscription.CancelReason = cancelReason;
        if (subscription.OpenInvoice is { } open)
        {
            subscription.Invoices.Remove(open);
        }
        foreach (var invoice in subscription.Invoices)
        {
            invoice.NextAttemptDatetime = null;
        }
        customer.ModifiedDatetime = at;
        Webhooks.Add(payloads.Event("subscriptionCanceled", customer, subscription));
    }

    /// <summary>
    /// Runs everything due on one customer's current subscription up to <paramref name="now"/>, in date order:
    /// period closes and dunning retries, each at its scheduled time.
    /// </summary>
    public BillingRunResult RunDue(CustomerRecord customer, DateTimeOffset now)
    {
        int billed = 0, approved = 0, declined = 0, canceled = 0;
        var subscription = customer.Subscriptions.FirstOrDefault();
        if (subscription is not null && catalog.FindPlan(subscription.PlanCode) is null)
        {
            // The plan was removed from the configured catalog: nothing can be billed for it.
            return new BillingRunResult(0, 0, 0, 0);
        }
        for (var guard = 0; subscription is not null && !subscription.IsCanceled && guard < 1000; guard++)
        {
            var open = subscription.OpenInvoice;
            var retry = subscription.Invoices
                .Where(i => i.IsBilled && i.PaidTransactionId is null && !i.IsVoided && i.NextAttemptDatetime <= now)
                .OrderBy(i => i.NextAttemptDatetime).FirstOrDefault();
            var billAt = open is not null && open.BillingDatetime <= now ? open.BillingDatetime : (DateTimeOffset?)null;
            ChargeOutcome outcome;
            if (retry is not null && (billAt is null || retry.NextAttemptDatetime <= billAt))
            {
                outcome = Charge(customer, subscription, retry, retry.NextAttemptDatetime!.Value, atCardEntry: false);
            }
            else if (billAt is { } at)
            {
                billed++;
                outcome = CloseAndCharge(customer, subscription, open!, at, atCardEntry: false);
            }
            else
            {
                break;
            }
            if (outcome.Approved) approved++; else declined++;
            if (subscription.IsCanceled) canceled++;
        }
        return new BillingRunResult(billed, approved, declined, canceled);
    }

    public static DateTimeOffset Now(TimeProvider clock) => CheddarFormat.Truncate(clock.GetUtcNow());
}
