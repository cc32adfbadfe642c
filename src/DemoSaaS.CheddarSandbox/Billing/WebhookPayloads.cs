using DemoSaaS.CheddarSandbox.Catalog;
using DemoSaaS.CheddarSandbox.Customers;
using static DemoSaaS.CheddarSandbox.Xml.CheddarFormat;

namespace DemoSaaS.CheddarSandbox.Billing;

/// <summary>Builds webhook bodies as fixed in docs/decisions/0001-webhook-payload.md (the publisher adds activityType/Id/Datetime and product).</summary>
public sealed class WebhookPayloads(SandboxCatalog catalog, InvoiceCalculator invoices)
{
    public PendingWebhook Event(string activityType, CustomerRecord customer, SubscriptionRecord? subscription,
        InvoiceRecord? invoice = null, TransactionRecord? transaction = null, SubscriptionRecord? previous = null)
    {
        var payload = new Dictionary<string, object?>
        {
            ["customer"] = new Dictionary<string, object?>
            {
                ["id"] = customer.Id, ["code"] = customer.Code, ["firstName"] = customer.FirstName, ["lastName"] = customer.LastName,
                ["email"] = customer.Email, ["company"] = customer.Company,
                ["createdDatetime"] = Datetime(customer.CreatedDatetime), ["modifiedDatetime"] = Datetime(customer.ModifiedDatetime),
                ["metaData"] = customer.MetaData.Select(m => new Dictionary<string, object?> { ["name"] = m.Name, ["value"] = m.Value }).ToList(),
            },
        };
        if (subscription is not null)
        {
            var body = Subscription(subscription);
            var concerned = invoice ?? subscription.OpenInvoice;
            if (concerned is not null)
            {
                body["invoice"] = Invoice(subscription, concerned, transaction);
            }
            payload["subscription"] = body;
        }
        if (previous is not null)
        {
            payload["previousSubscription"] = Subscription(previous);
        }
        return new PendingWebhook(activityType, payload);
    }

    private Dictionary<string, object?> Subscription(SubscriptionRecord subscription)
    {
        var plan = catalog.FindPlan(subscription.PlanCode);
        return new Dictionary<string, object?>
        {
            ["id"] = subscription.Id,
            ["plan"] = plan is null ? null : new Dictionary<string, object?>
            {
                ["id"] = catalog.PlanId(plan), ["code"] = plan.Code, ["name"] = plan.Name,
                ["recurringChargeAmount"] = Money(plan.RecurringChargeAmount),
            },
            ["canceledDatetime"] = Nullable(Datetime(subscription.CanceledDatetime)),
            ["cancelType"] = Nullable(subscription.CancelType),
            ["cancelReason"] = Nullable(subscription.CancelReason),
            ["ccType"] = Nullable(subscription.CcType),
            ["ccLastFour"] = Nullable(subscription.CcLastFour),
            ["ccExpirationDate"] = Nullable(Datetime(subscription.CcExpirationDate)),
            ["createdDatetime"] = Datetime(subscription.CreatedDatetime),
        };
    }

    private Dictionary<string, object?> Invoice(SubscriptionRecord subscription, InvoiceRecord invoice, TransactionRecord? transaction) => new()
    {
        ["id"] = invoice.Id,
        ["number"] = invoice.Number,
        ["type"] = invoice.Type,
        ["billingDatetime"] = Datetime(invoice.BillingDatetime),
        ["paidTransactionId"] = invoice.PaidTransactionId,
        ["charges"] = invoices.Lines(subscription, invoice).Select(c => new Dictionary<string, object?>
        {
            ["id"] = c.Id, ["code"] = c.Code, ["type"] = c.Type, ["quantity"] = Quantity(c.Quantity),
            ["eachAmount"] = Money(c.EachAmount), ["description"] = c.Description,
        }).ToList(),
        ["transaction"] = transaction is null ? null : new Dictionary<string, object?>
        {
            ["id"] = transaction.Id, ["code"] = "", ["amount"] = Money(transaction.Amount), ["response"] = transaction.Response,
            ["responseReason"] = transaction.ResponseReason, ["transactedDatetime"] = Datetime(transaction.TransactedDatetime),
        },
    };

    private static string? Nullable(string value) => value.Length == 0 ? null : value;
}
