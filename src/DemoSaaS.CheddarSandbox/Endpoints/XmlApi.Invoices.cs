using System.Globalization;
using DemoSaaS.CheddarSandbox.Customers;
using DemoSaaS.CheddarSandbox.Gateway;
using DemoSaaS.CheddarSandbox.Xml;

namespace DemoSaaS.CheddarSandbox.Endpoints;

public sealed partial class XmlApi
{
    /// <summary>Simulated settlement: a transaction can be voided for this long, afterwards only refunded.</summary>
    public static readonly TimeSpan SettlementDelay = TimeSpan.FromHours(24);

    private XmlReply NewOneTimeInvoice(ApiCall call)
    {
        var customer = RequireCustomer(call);
        var charges = ValidateCharges(call, required: true);
        var subscription = customer.Current;
        var invoice = new InvoiceRecord
        {
            Id = Guid.NewGuid().ToString(),
            Number = (int)store.Next("invoice"),
            Type = InvoiceRecord.OneTimeType,
            BillingDatetime = call.Now,
            CreatedDatetime = call.Now,
            IsBilled = true,
            Charges = charges,
        };
        // The open (current) invoice stays first; the one-time invoice is the newest billed one.
        subscription.Invoices.Insert(subscription.OpenInvoice is null ? 0 : 1, invoice);
        var outcome = call.Billing.Charge(customer, subscription, invoice, call.Now, atCardEntry: false);
        customer.ModifiedDatetime = call.Now;
        store.Save(customer);
        return outcome.Approved
            ? CustomerReply(customer)
            : EmbeddedError(customer, GatewayResults.HttpStatus(outcome.AuxCode), outcome.AuxCode, outcome.Message);
    }

    /// <summary>Charges the outstanding invoice now; success on a canceled subscription reactivates it.</summary>
    private XmlReply RunOutstanding(ApiCall call)
    {
        var customer = RequireCustomer(call);
        var cardCode = call.Root.Get("ccCardCode");
        if (!string.IsNullOrEmpty(cardCode) && (cardCode.Length is < 3 or > 4 || !cardCode.All(char.IsAsciiDigit)))
        {
            throw CheddarApiException.Invalid("ccCardCode", "The card code must be 3 or 4 digits", "cardCodeInvalid");
        }
        var subscription = customer.Current;
        var invoice = RequireOutstanding(subscription);
        var outcome = call.Billing.Charge(customer, subscription, invoice, call.Now, atCardEntry: false);
        if (outcome.Approved && subscription.IsCanceled)
        {
            subscription.CanceledDatetime = null;
            subscription.CancelType = "";
            subscription.CancelReason = "";
            var next = (subscription.BillingAnchor ?? invoice.BillingDatetime).AddMonths(subscription.PeriodsSinceAnchor);
            if (next <= call.Now)
            {
                // The paid period is long over: a fresh cycle starts today.
                subscription.BillingAnchor = call.Now;
                subscription.PeriodsSinceAnchor = 1;
                next = call.Now.AddMonths(1);
            }
            call.Billing.OpenInvoice(subscription, next, call.Now);
            call.Billing.Webhooks.Add(payloads.Event("subscriptionReactivated", customer, subscription));
        }
        customer.ModifiedDatetime = call.Now;
        store.Save(customer);
        return outcome.Approved
            ? CustomerReply(customer)
            : EmbeddedError(customer, GatewayResults.HttpStatus(outcome.AuxCode), outcome.AuxCode, outcome.Message);
    }

    private XmlReply RefundInvoice(ApiCall call)
    {
        var (customer, subscription, invoice) = RequireInvoice(call);
        var amount = Number(call.Root, "amount", 2, 0m, minExclusive: true) ?? throw CheddarApiException.Required("amount");
        var paid = RequirePaid(invoice);
        var refundable = Refundable(invoice, paid);
        if (amount > refundable)
        {
            throw CheddarApiException.Invalid("amount", $"'{CheddarFormat.Money(amount)}' is not less than or equal to '{CheddarFormat.Money(refundable)}'", "notLessThan");
        }
        AddReversal(call, customer, subscription, invoice, paid, "refund", amount);
        return CustomerReply(customer);
    }

    private XmlReply VoidInvoice(ApiCall call)
    {
        var (customer, subscription, invoice) = RequireInvoice(call);
        var paid = RequirePaid(invoice);
        if (!Voidable(invoice, paid, call.Now))
        {
            throw new CheddarApiException(422, "The transaction has settled or was partly refunded and can no longer be voided; refund it instead", "5000");
        }
        AddReversal(call, customer, subscription, invoice, paid, "void", paid.Amount);
        return CustomerReply(customer);
    }

    private XmlReply VoidOrRefundInvoice(ApiCall call)
    {
        var (customer, subscription, invoice) = RequireInvoice(call);
        var paid = RequirePaid(invoice);
        if (Voidable(invoice, paid, call.Now))
        {
            AddReversal(call, customer, subscription, invoice, paid, "void", paid.Amount);
        }
        else
        {
            var refundable = Refundable(invoice, paid);
            if (refundable <= 0m)
            {
                throw new CheddarApiException(400, "The invoice has already been fully refunded");
            }
            AddReversal(call, customer, subscription, invoice, paid, "refund", refundable);
        }
        return CustomerReply(customer);
    }

    /// <summary>The sandbox sends no e-mail: it checks the invoice exists and answers with its customer.</summary>
    private XmlReply SendInvoiceEmail(ApiCall call) => CustomerReply(RequireInvoice(call).Customer);

    private (CustomerRecord Customer, SubscriptionRecord Subscription, InvoiceRecord Invoice) RequireInvoice(ApiCall call)
    {
        var number = call.Root.Get("number");
        var id = call.Root.Get("id");
        if (string.IsNullOrEmpty(number) && string.IsNullOrEmpty(id))
        {
            throw CheddarApiException.Required("number");
        }
        foreach (var customer in store.All())
        {
            foreach (var subscription in customer.Subscriptions)
            {
                var invoice = subscription.Invoices.FirstOrDefault(i =>
                    string.IsNullOrEmpty(number) ? i.Id == id : i.Number.ToString(CultureInfo.InvariantCulture) == number);
                if (invoice is not null)
                {
                    return (customer, subscription, invoice);
                }
            }
        }
        throw new CheddarApiException(404, string.IsNullOrEmpty(number) ? $"Invoice not found (id={id})" : $"Invoice not found (number={number})");
    }

    private static TransactionRecord RequirePaid(InvoiceRecord invoice)
    {
        if (invoice.IsVoided)
        {
            throw new CheddarApiException(400, "The invoice has been voided");
        }
        return invoice.Transactions.FirstOrDefault(t => t.Id == invoice.PaidTransactionId)
            ?? throw new CheddarApiException(400, "The invoice has not been paid: there is no transaction to refund or void");
    }

    private static decimal Refundable(InvoiceRecord invoice, TransactionRecord paid) =>
        paid.Amount - invoice.Transactions.Where(t => t.ParentId == paid.Id && t.Kind == "refund").Sum(t => t.Amount);

    private static bool Voidable(InvoiceRecord invoice, TransactionRecord paid, DateTimeOffset now) =>
        now - paid.TransactedDatetime < SettlementDelay && invoice.Transactions.All(t => t.ParentId != paid.Id);

    private void AddReversal(ApiCall call, CustomerRecord customer, SubscriptionRecord subscription, InvoiceRecord invoice,
        TransactionRecord paid, string kind, decimal amount)
    {
        var transaction = new TransactionRecord
        {
            Id = Guid.NewGuid().ToString(),
            ParentId = paid.Id,
            Amount = amount,
            Memo = kind == "void" ? "SIMULATED void" : "SIMULATED refund",
            Response = "approved",
            Kind = kind,
            TransactedDatetime = call.Now,
            CreatedDatetime = call.Now,
        };
        invoice.Transactions.Add(transaction);
        if (kind == "void")
        {
            invoice.IsVoided = true;
        }
        customer.ModifiedDatetime = call.Now;
        store.Save(customer);
        call.Billing.Webhooks.Add(payloads.Event("transaction", customer, subscription, invoice, transaction));
    }
}
