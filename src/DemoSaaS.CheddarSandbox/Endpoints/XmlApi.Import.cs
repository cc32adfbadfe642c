using System.Globalization;
using System.Text.RegularExpressions;
using DemoSaaS.CheddarSandbox.Catalog;
using DemoSaaS.CheddarSandbox.Customers;
using DemoSaaS.CheddarSandbox.Gateway;

namespace DemoSaaS.CheddarSandbox.Endpoints;

public sealed partial class XmlApi
{
    public const int MaxImportBatch = 100;

    /// <summary>
    /// customers/import: up to 100 customers as <c>0[code]=..&amp;0[subscription][planCode]=..&amp;1[code]=..</c>.
    /// Payment methods come as existing gateway references (no card number, no card code, no gateway check, no coupon).
    /// All or nothing: every customer is validated before any is created. No webhooks (it is a migration, not signups).
    /// </summary>
    private XmlReply ImportCustomers(ApiCall call)
    {
        var batches = SplitByIndex(call.Parameters);
        if (batches.Count == 0)
        {
            throw CheddarApiException.Required("0[code]");
        }
        if (batches.Count > MaxImportBatch)
        {
            throw new CheddarApiException(412, $"At most {MaxImportBatch} customers can be imported per call; {batches.Count} were sent");
        }

        var imports = new List<Action<List<CustomerRecord>>>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (index, parameters) in batches)
        {
            try
            {
                var one = call with { Parameters = parameters };
                imports.Add(ValidateImport(one));
                var code = parameters.Get("code")!;
                if (!codes.Add(code))
                {
                    throw CheddarApiException.Invalid("code", $"Another customer already exists with code={code}", "recordFound");
                }
            }
            catch (CheddarApiException invalid) when (invalid.Code == 412 && invalid.AuxCode.Contains(':'))
            {
                throw Prefixed(invalid, index);
            }
        }

        var created = new List<CustomerRecord>();
        foreach (var import in imports)
        {
            import(created);
        }
        foreach (var customer in created)
        {
            store.Save(customer);
        }
        return XmlReply.Ok(created);
    }

    private Action<List<CustomerRecord>> ValidateImport(ApiCall call)
    {
        var root = call.Root;
        var subscription = new ParameterScope(call.Parameters, "subscription");
        foreach (var refused in new[] { "ccNumber", "ccCardCode", "couponCode" })
        {
            if (subscription.Has(refused))
            {
                throw CheddarApiException.Invalid(subscription.Name(refused), "Not accepted by customers/import", "notAllowed");
            }
        }
        var planCode = subscription.Get("planCode");
        if (string.IsNullOrEmpty(planCode))
        {
            throw new CheddarApiException(412, "A pricing plan is required", "subscription[planCode]:isEmpty");
        }
        var plan = FindActivePlan(planCode, subscription);
        var applyCustomer = ValidateCustomerFields(call, creating: true);
        var card = ValidateImportedCard(subscription);
        var initialBillDate = Date(subscription, "initialBillDate");
        if (initialBillDate is { } requested && requested.UtcDateTime.Date < call.Now.UtcDateTime.Date)
        {
            throw CheddarApiException.Invalid(subscription.Name("initialBillDate"), $"'{subscription.Get("initialBillDate")}' is in the past", "dateInPast");
        }
        ValidateMethod(subscription);
        var charges = ValidateCharges(call, required: false);
        if (charges.Count > 0 && initialBillDate is null)
        {
            throw CheddarApiException.Invalid(subscription.Name("initialBillDate"), "Charges need an invoice: give an initialBillDate", "isEmpty");
        }
        var items = ValidateSignupItems(call, plan);

        return created =>
        {
            var customer = NewCustomerRecord(root.Get("code")!, call.Now);
            applyCustomer(customer);
            var started = call.Billing.Start(customer, plan, card, "", initialBillDate ?? call.Now, call.Now);
            if (card is not null)
            {
                started.GatewayToken = subscription.Get("gatewayToken")!;
            }
            foreach (var (itemCode, quantity) in items)
            {
                var usage = started.Items.First(u => u.ItemCode == itemCode);
                usage.Quantity = quantity;
                usage.CreatedDatetime = usage.ModifiedDatetime = call.Now;
            }
            if (initialBillDate is null)
            {
                // Cheddar: without an initialBillDate no invoice is scheduled until a changeBillDate edit.
                started.Invoices.Clear();
                started.BillingAnchor = null;
            }
            else
            {
                started.OpenInvoice!.Charges.AddRange(charges);
            }
            created.Add(customer);
        };
    }

    /// <summary>An existing gateway reference: gatewayToken with ccType, ccLastFour, ccExpiration and the holder's names.</summary>
    private static CardEntry? ValidateImportedCard(ParameterScope scope)
    {
        if (string.IsNullOrEmpty(scope.Get("gatewayToken")))
        {
            return SimulatedGateway.HasCardFields(scope) || scope.Has("ccType") || scope.Has("ccLastFour")
                ? throw CheddarApiException.Required(scope.Name("gatewayToken"))
                : null;
        }
        string Required(string field, int max)
        {
            var value = scope.Get(field);
            if (string.IsNullOrEmpty(value))
            {
                throw CheddarApiException.Required(scope.Name(field));
            }
            return value.Length > max ? throw CheddarApiException.TooLong(scope.Name(field), value, max) : value;
        }
        if (scope.Get("gatewayToken")!.Length > 255)
        {
            throw CheddarApiException.TooLong(scope.Name("gatewayToken"), scope.Get("gatewayToken")!, 255);
        }
        var firstName = Required("ccFirstName", 40);
        var lastName = Required("ccLastName", 40);
        var type = Required("ccType", 10);
        if (type is not ("visa" or "mc" or "disc" or "amex" or "diners" or "jcb" or "unk"))
        {
            throw CheddarApiException.Invalid(scope.Name("ccType"), $"'{type}' is not one of visa, mc, disc, amex, diners, jcb, unk", "notInArray");
        }
        var lastFour = Required("ccLastFour", 4);
        if (lastFour.Length != 4 || !lastFour.All(char.IsAsciiDigit))
        {
            throw CheddarApiException.Invalid(scope.Name("ccLastFour"), $"'{lastFour}' is not 4 digits", "notDigits");
        }
        var rawExpiration = Required("ccExpiration", 7);
        if (!DateTime.TryParseExact(rawExpiration, "MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            throw CheddarApiException.Invalid(scope.Name("ccExpiration"), $"'{rawExpiration}' is not a valid date in format MM/YYYY", "dateInvalidDate");
        }
        var expiration = new DateTimeOffset(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month), 0, 0, 0, TimeSpan.Zero);
        return new CardEntry(firstName, lastName, scope.Get("ccCompany") ?? "", scope.Get("ccCountry") ?? "", scope.Get("ccAddress") ?? "",
            scope.Get("ccCity") ?? "", scope.Get("ccState") ?? "", scope.Get("ccZip") ?? "", new CardOnFile(type, lastFour, expiration));
    }

    /// <summary><c>N[field]</c> / <c>N[a][b]</c> keys regrouped per N as <c>field</c> / <c>a[b]</c>, in first-seen order.</summary>
    private static List<(string Index, ApiParameters Parameters)> SplitByIndex(ApiParameters parameters)
    {
        var result = new List<(string Index, ApiParameters Parameters)>();
        foreach (var (key, value) in parameters.Pairs)
        {
            var match = ImportKey().Match(key);
            if (!match.Success)
            {
                continue;
            }
            var index = match.Groups[1].Value;
            var inner = match.Groups[2].Value + match.Groups[3].Value;
            var entry = result.FirstOrDefault(r => r.Index == index);
            if (entry.Parameters is null)
            {
                entry = (index, new ApiParameters());
                result.Add(entry);
            }
            entry.Parameters.Add(inner, value);
        }
        return result;
    }

    /// <summary>Names the field inside the batch: <c>subscription[planCode]</c> of customer 2 is <c>2[subscription][planCode]</c>.</summary>
    private static CheddarApiException Prefixed(CheddarApiException invalid, string index)
    {
        var field = invalid.AuxCode[..invalid.AuxCode.LastIndexOf(':')];
        var bracket = field.IndexOf('[');
        var prefixed = bracket < 0 ? $"{index}[{field}]" : $"{index}[{field[..bracket]}]{field[bracket..]}";
        var message = invalid.Message.EndsWith(": " + field, StringComparison.Ordinal)
            ? invalid.Message[..^field.Length] + prefixed
            : $"{invalid.Message}: {prefixed}";
        return new CheddarApiException(412, message, prefixed + invalid.AuxCode[invalid.AuxCode.LastIndexOf(':')..]);
    }

    [GeneratedRegex(@"^(\d+)\[([^\[\]]+)\]((?:\[[^\[\]]*\])*)$")]
    private static partial Regex ImportKey();
}
