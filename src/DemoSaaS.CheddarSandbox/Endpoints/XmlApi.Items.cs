using DemoSaaS.CheddarSandbox.Catalog;
using DemoSaaS.CheddarSandbox.Customers;
using DemoSaaS.CheddarSandbox.Xml;

namespace DemoSaaS.CheddarSandbox.Endpoints;

public sealed partial class XmlApi
{
    private enum ItemChange { Add, Remove, Set }

    private XmlReply ChangeItemQuantity(ApiCall call, ItemChange kind)
    {
        var root = call.Root;
        var customer = RequireCustomer(call);
        var subscription = customer.Current;
        var plan = RequirePlanFor(customer);
        var item = RequireItem(root, plan);
        var quantity = kind == ItemChange.Set
            ? Number(root, "quantity", 4, 0m) ?? throw CheddarApiException.Required("quantity")
            : Number(root, "quantity", 4, 0m, minExclusive: true) ?? 1m;
        var outstanding = InvoicePeriodIsOutstanding(root);

        if (outstanding)
        {
            var invoice = RequireOutstanding(subscription);
            var used = invoice.ClosedUsage.GetValueOrDefault(item.Code);
            var updated = CheckQuantity(item, kind, used, quantity);
            invoice.ClosedUsage[item.Code] = updated;
            invoice.Charges.RemoveAll(c => c.Type == "item" && c.Code == item.Code);
            if (updated > item.QuantityIncluded)
            {
                invoice.Charges.Add(new ChargeRecord
                {
                    Code = item.Code, Type = "item", Quantity = updated - item.QuantityIncluded, EachAmount = item.OverageAmount, CreatedDatetime = call.Now,
                });
            }
        }
        else
        {
            if (subscription.IsCanceled)
            {
                throw new CheddarApiException(400, "The subscription is canceled: item quantities can only change on its outstanding invoice (invoicePeriod=outstanding)");
            }
            var usage = subscription.Items.FirstOrDefault(u => u.ItemCode == item.Code);
            if (usage is null)
            {
                usage = new ItemUsageRecord { ItemCode = item.Code };
                subscription.Items.Add(usage);
            }
            usage.Quantity = CheckQuantity(item, kind, usage.Quantity, quantity);
            usage.CreatedDatetime ??= call.Now;
            usage.ModifiedDatetime = call.Now;
        }
        customer.ModifiedDatetime = call.Now;
        store.Save(customer);
        return CustomerReply(customer);
    }

    /// <summary>
    /// The resulting usage, refused below zero and, for an item without an overage price, above the included quantity
    /// (the FREE plan's 20 reports: the 21st is <c>'21' is not less than or equal to '20': quantity</c>).
    /// </summary>
    private static decimal CheckQuantity(PlanItemDefinition item, ItemChange kind, decimal current, decimal quantity)
    {
        var result = kind switch
        {
            ItemChange.Add => current + quantity,
            ItemChange.Remove => current - quantity,
            _ => quantity,
        };
        if (result < 0m)
        {
            throw CheddarApiException.Invalid("quantity", $"'{CheddarFormat.Quantity(result)}' is not greater than or equal to '0'", "notGreaterThan");
        }
        if (item.OverageAmount == 0m && result > item.QuantityIncluded)
        {
            throw CheddarApiException.Invalid("quantity", $"'{CheddarFormat.Quantity(result)}' is not less than or equal to '{CheddarFormat.Quantity(item.QuantityIncluded)}'", "notLessThan");
        }
        if (result > 99999999.9999m)
        {
            throw CheddarApiException.Invalid("quantity", $"'{CheddarFormat.Quantity(result)}' is not less than or equal to '99999999.9999'", "notLessThan");
        }
        return result;
    }

    private PlanItemDefinition RequireItem(ParameterScope root, PlanDefinition plan)
    {
        if (root.Get("itemCode") is { Length: > 0 } code)
        {
            return plan.Items.FirstOrDefault(i => i.Code == code) ?? throw new CheddarApiException(404, $"Item not found (code={code})");
        }
        if (root.Get("itemId") is { Length: > 0 } id)
        {
            return plan.Items.FirstOrDefault(i => catalog.ItemId(plan, i) == id) ?? throw new CheddarApiException(404, $"Item not found (id={id})");
        }
        throw CheddarApiException.Required("itemCode");
    }

    private static bool InvoicePeriodIsOutstanding(ParameterScope root) => root.Get("invoicePeriod") switch
    {
        null or "" or "current" => false,
        "outstanding" => true,
        var other => throw CheddarApiException.Invalid("invoicePeriod", $"'{other}' is not current or outstanding", "notInArray"),
    };

    private static InvoiceRecord RequireOutstanding(SubscriptionRecord subscription) =>
        subscription.OutstandingInvoice ?? throw new CheddarApiException(404, "No outstanding invoice found");

    private static InvoiceRecord RequireCurrentInvoice(SubscriptionRecord subscription) =>
        subscription.OpenInvoice
        ?? throw new CheddarApiException(400, "The subscription is canceled and has no current invoice; use invoicePeriod=outstanding");

    /// <summary><c>charges[k][...]</c> groups; required fields in the order chargeCode, quantity, eachAmount.</summary>
    private static List<ChargeRecord> ValidateCharges(ApiCall call, bool required)
    {
        var groups = call.Parameters.Groups("charges");
        if (groups.Count == 0)
        {
            return required ? throw CheddarApiException.Required("charges[0][chargeCode]") : [];
        }
        return groups.Select(group => ValidateCharge(call, new ParameterScope(GroupParameters(group), null), group.Name)).ToList();
    }

    private static ApiParameters GroupParameters(ParameterGroup group)
    {
        var parameters = new ApiParameters();
        foreach (var (field, value) in group.Fields)
        {
            parameters.Add(field, value);
        }
        return parameters;
    }

    /// <summary>One charge: chargeCode (≤36), positive integer quantity, ±amount with 2 decimals, optional description.</summary>
    private static ChargeRecord ValidateCharge(ApiCall call, ParameterScope scope, Func<string, string> name)
    {
        string Required(string field) => scope.Get(field) is { Length: > 0 } value ? value : throw CheddarApiException.Required(name(field));

        var code = Required("chargeCode");
        if (code.Length > 36)
        {
            throw CheddarApiException.TooLong(name("chargeCode"), code, 36);
        }
        var rawQuantity = Required("quantity");
        if (!int.TryParse(rawQuantity, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var quantity) || quantity <= 0)
        {
            throw CheddarApiException.Invalid(name("quantity"), $"'{rawQuantity}' is not a positive whole number", "notDigits");
        }
        var rawAmount = Required("eachAmount");
        if (!decimal.TryParse(rawAmount, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint,
                System.Globalization.CultureInfo.InvariantCulture, out var amount) || decimal.Round(amount, 2) != amount || Math.Abs(amount) > 99999999.99m)
        {
            throw CheddarApiException.Invalid(name("eachAmount"), $"'{rawAmount}' is not an amount with at most 2 decimals", "notFloat");
        }
        var description = scope.Get("description") ?? "";
        if (description.Length > 255)
        {
            throw CheddarApiException.TooLong(name("description"), description, 255);
        }
        return new ChargeRecord
        {
            Id = Guid.NewGuid().ToString(), Code = code, Type = "custom", Quantity = quantity, EachAmount = amount,
            Description = description, CreatedDatetime = call.Now,
        };
    }

    /// <summary><c>items[k][itemCode|quantity]</c> at signup: initial usage of the plan's tracked items.</summary>
    private List<(string ItemCode, decimal Quantity)> ValidateSignupItems(ApiCall call, PlanDefinition plan)
    {
        var result = new List<(string, decimal)>();
        foreach (var group in call.Parameters.Groups("items"))
        {
            var code = group.Fields.GetValueOrDefault("itemCode");
            if (string.IsNullOrEmpty(code))
            {
                throw CheddarApiException.Required(group.Name("itemCode"));
            }
            var item = plan.Items.FirstOrDefault(i => i.Code == code) ?? throw new CheddarApiException(404, $"Item not found (code={code})");
            var scope = new ParameterScope(GroupParameters(group), null);
            decimal quantity;
            try
            {
                quantity = Number(scope, "quantity", 4, 0m) ?? 0m;
                quantity = CheckQuantity(item, ItemChange.Set, 0m, quantity);
            }
            catch (CheddarApiException invalid) when (invalid.Code == 412)
            {
                var field = group.Name("quantity");
                var text = invalid.Message[..invalid.Message.LastIndexOf(": ", StringComparison.Ordinal)];
                throw new CheddarApiException(412, $"{text}: {field}", field + invalid.AuxCode[invalid.AuxCode.IndexOf(':')..]);
            }
            result.Add((item.Code, quantity));
        }
        return result;
    }

    private XmlReply AddCharge(ApiCall call)
    {
        var customer = RequireCustomer(call);
        var charge = ValidateCharge(call, call.Root, field => field);
        var outstanding = InvoicePeriodIsOutstanding(call.Root);
        var invoice = outstanding ? RequireOutstanding(customer.Current) : RequireCurrentInvoice(customer.Current);
        invoice.Charges.Add(charge);
        customer.ModifiedDatetime = call.Now;
        store.Save(customer);
        return CustomerReply(customer);
    }

    private XmlReply DeleteCharge(ApiCall call)
    {
        var customer = RequireCustomer(call);
        var chargeId = call.Root.Get("chargeId");
        if (string.IsNullOrEmpty(chargeId))
        {
            throw CheddarApiException.Required("chargeId");
        }
        var outstanding = InvoicePeriodIsOutstanding(call.Root);
        var invoice = outstanding ? RequireOutstanding(customer.Current) : RequireCurrentInvoice(customer.Current);
        if (invoice.Charges.RemoveAll(c => c.Id == chargeId && c.Type == "custom") == 0)
        {
            throw new CheddarApiException(404, $"Charge not found (id={chargeId})");
        }
        customer.ModifiedDatetime = call.Now;
        store.Save(customer);
        return CustomerReply(customer);
    }
}
