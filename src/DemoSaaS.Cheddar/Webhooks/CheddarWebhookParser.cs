using System.Globalization;
using System.Text.Json;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Xml;

namespace DemoSaaS.Cheddar.Webhooks;

/// <summary>
/// Reads a webhook body (docs/decisions/0001-webhook-payload.md) into a <see cref="CheddarWebhookEvent"/>. Verify the
/// signature first with <see cref="CheddarWebhookVerifier"/>. Unknown fields are ignored; unknown activity types become
/// <see cref="CheddarActivityType.Unknown"/>; unreadable bodies throw <see cref="CheddarWebhookException"/>.
/// </summary>
public sealed class CheddarWebhookParser
{
    private static readonly Dictionary<string, CheddarActivityType> ActivityTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["newSubscription"] = CheddarActivityType.NewSubscription,
        ["subscriptionChanged"] = CheddarActivityType.SubscriptionChanged,
        ["subscriptionCanceled"] = CheddarActivityType.SubscriptionCanceled,
        ["subscriptionReactivated"] = CheddarActivityType.SubscriptionReactivated,
        ["customerDeleted"] = CheddarActivityType.CustomerDeleted,
        ["transaction"] = CheddarActivityType.Transaction,
    };

    public CheddarWebhookEvent Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            throw new CheddarWebhookException("The webhook body is empty.");
        }
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            // Checked up front: the JSON reader only notices when a string is read, and then not as a JsonException.
            throw new CheddarWebhookException("The webhook body is not valid UTF-8.");
        }
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            return Read(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new CheddarWebhookException($"The webhook body is not valid JSON: {ex.Message}", ex);
        }
        catch (FormatException ex)
        {
            throw new CheddarWebhookException($"The webhook body is not a Cheddar event: {ex.Message}", ex);
        }
    }

    private static CheddarWebhookEvent Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the body is not a JSON object");
        }
        var name = String(root, "activityType") ?? throw new FormatException("activityType is missing");
        return new CheddarWebhookEvent
        {
            ActivityType = ActivityTypes.GetValueOrDefault(name, CheddarActivityType.Unknown),
            ActivityTypeName = name,
            ActivityId = String(root, "activityId"),
            ActivityDatetime = Date(root, "activityDatetime"),
            Product = Object(root, "product") is { } product
                ? new WebhookProduct { Id = String(product, "id"), Code = String(product, "code") }
                : null,
            Customer = Object(root, "customer") is { } customer ? ReadCustomer(customer) : null,
            Subscription = Object(root, "subscription") is { } subscription ? ReadSubscription(subscription) : null,
            PreviousSubscription = Object(root, "previousSubscription") is { } previous ? ReadSubscription(previous) : null,
        };
    }

    private static WebhookCustomer ReadCustomer(JsonElement customer) => new()
    {
        Id = String(customer, "id"),
        Code = String(customer, "code") ?? throw new FormatException("customer.code is missing"),
        FirstName = String(customer, "firstName"),
        LastName = String(customer, "lastName"),
        Email = String(customer, "email"),
        Company = String(customer, "company"),
        CreatedDatetime = Date(customer, "createdDatetime"),
        ModifiedDatetime = Date(customer, "modifiedDatetime"),
        MetaData = Array(customer, "metaData")
            .Select(datum => new MetaDatum { Name = String(datum, "name") ?? "", Value = String(datum, "value") })
            .ToList(),
    };

    private static WebhookSubscription ReadSubscription(JsonElement subscription) => new()
    {
        Id = String(subscription, "id"),
        Plan = Object(subscription, "plan") is { } plan
            ? new WebhookPlan
            {
                Id = String(plan, "id"),
                Code = String(plan, "code") ?? throw new FormatException("subscription.plan.code is missing"),
                Name = String(plan, "name"),
                RecurringChargeAmount = Number(plan, "recurringChargeAmount"),
            }
            : null,
        CanceledDatetime = Date(subscription, "canceledDatetime"),
        CancelType = String(subscription, "cancelType"),
        CancelReason = String(subscription, "cancelReason"),
        CcType = String(subscription, "ccType"),
        CcLastFour = String(subscription, "ccLastFour"),
        CcExpirationDate = Date(subscription, "ccExpirationDate"),
        CreatedDatetime = Date(subscription, "createdDatetime"),
        Invoice = Object(subscription, "invoice") is { } invoice ? ReadInvoice(invoice) : null,
    };

    private static WebhookInvoice ReadInvoice(JsonElement invoice) => new()
    {
        Id = String(invoice, "id"),
        Number = Number(invoice, "number") is { } number ? (int)number : null,
        Type = String(invoice, "type"),
        BillingDatetime = Date(invoice, "billingDatetime"),
        PaidTransactionId = String(invoice, "paidTransactionId"),
        Charges = Array(invoice, "charges").Select(charge => new Charge
        {
            Id = String(charge, "id"),
            Code = String(charge, "code") ?? "",
            Type = String(charge, "type"),
            Quantity = Number(charge, "quantity") ?? 0,
            EachAmount = Number(charge, "eachAmount") ?? 0,
            Description = String(charge, "description"),
        }).ToList(),
        Transaction = Object(invoice, "transaction") is { } transaction
            ? new Transaction
            {
                Id = String(transaction, "id") ?? throw new FormatException("transaction.id is missing"),
                Code = String(transaction, "code"),
                Amount = Number(transaction, "amount") ?? 0,
                Response = String(transaction, "response"),
                ResponseReason = String(transaction, "responseReason"),
                TransactedDatetime = Date(transaction, "transactedDatetime"),
            }
            : null,
    };

    private static JsonElement? Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static IEnumerable<JsonElement> Array(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList()
            : [];

    /// <summary>Strings as sent; empty strings and null are null. Numbers are accepted as their text.</summary>
    private static string? String(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Null => null,
            _ => throw new FormatException($"{name} is not a string"),
        };
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>Money and quantities come as strings ("19.00"); plain JSON numbers are accepted too.</summary>
    private static decimal? Number(JsonElement parent, string name) =>
        String(parent, name) is { } text ? XmlValues.ParseNumber(text, name) : null;

    private static DateTimeOffset? Date(JsonElement parent, string name) =>
        String(parent, name) is { } text ? XmlValues.ParseDateTime(text, name) : null;
}
