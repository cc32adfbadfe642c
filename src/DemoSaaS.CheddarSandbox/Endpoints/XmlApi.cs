using System.Globalization;
using System.Net.Mail;
using DemoSaaS.CheddarSandbox.Billing;
using DemoSaaS.CheddarSandbox.Catalog;
using DemoSaaS.CheddarSandbox.Customers;
using DemoSaaS.CheddarSandbox.Hosting;
using DemoSaaS.CheddarSandbox.Storage;
using DemoSaaS.CheddarSandbox.Xml;
using Microsoft.Extensions.Options;

namespace DemoSaaS.CheddarSandbox.Endpoints;

/// <summary>
/// Cheddar's API operations, one method per <c>section/action</c> (split over XmlApi.*.cs by area).
/// Each runs under the store lock <see cref="ScopeOf"/> names; validation happens before any change, so a refused call
/// changes nothing. Holds no state of its own, so one instance serves every call.
/// </summary>
public sealed partial class XmlApi(
    CustomerStore store, SandboxCatalog catalog, CheddarDocuments documents, WebhookPayloads payloads, IOptions<CheddarSandboxOptions> options)
{
    private static readonly HashSet<string> PostOnly =
        ["invoices/void", "invoices/void-or-refund", "invoices/send-email", "customers/run-outstanding", "customers/paypal-revert"];

    /// <summary>Calls that change nothing. A read never bills: billing runs only on POST /sandbox/clock/advance.</summary>
    private static readonly HashSet<string> ReadOnly = ["plans/get", "customers/get", "customers/list", "promotions/get"];

    /// <summary>Calls that change only the customer they name and read no other customer.</summary>
    private static readonly HashSet<string> OneCustomer =
    [
        "customers/add-item-quantity", "customers/remove-item-quantity", "customers/set-item-quantity",
        "customers/add-charge", "customers/delete-charge",
    ];

    private Dictionary<string, Func<ApiCall, XmlReply>>? _routes;

    // Built on first use (it needs this instance's methods); two first calls at once would build two equal tables.
    private Dictionary<string, Func<ApiCall, XmlReply>> Routes => _routes ??= new()
    {
        ["plans/get"] = GetPlans,
        ["plans/delete"] = _ => throw new CheddarApiException(400, "plans/delete is not supported by the sandbox: plans come from its configuration (CheddarSandbox:Catalog)"),
        ["customers/get"] = GetCustomers,
        ["customers/list"] = ListCustomers,
        ["customers/new"] = NewCustomer,
        ["customers/edit"] = EditCustomerAndSubscription,
        ["customers/edit-customer"] = EditCustomer,
        ["customers/edit-subscription"] = EditSubscription,
        ["customers/cancel"] = CancelSubscription,
        ["customers/delete"] = DeleteCustomer,
        ["customers/delete-all"] = DeleteAllCustomers,
        ["customers/add-item-quantity"] = call => ChangeItemQuantity(call, ItemChange.Add),
        ["customers/remove-item-quantity"] = call => ChangeItemQuantity(call, ItemChange.Remove),
        ["customers/set-item-quantity"] = call => ChangeItemQuantity(call, ItemChange.Set),
        ["customers/add-charge"] = AddCharge,
        ["customers/delete-charge"] = DeleteCharge,
        ["customers/run-outstanding"] = RunOutstanding,
        ["customers/import"] = ImportCustomers,
        ["customers/search"] = _ => throw new CheddarApiException(400, "customers/search is not supported by the sandbox; use customers/get with the search filter"),
        ["customers/paypal-revert"] = _ => throw new CheddarApiException(400, "customers/paypal-revert is not supported by the sandbox: it has no PayPal simulator"),
        ["invoices/new"] = NewOneTimeInvoice,
        ["invoices/refund"] = RefundInvoice,
        ["invoices/void"] = VoidInvoice,
        ["invoices/void-or-refund"] = VoidOrRefundInvoice,
        ["invoices/send-email"] = SendInvoiceEmail,
        ["promotions/get"] = GetPromotions,
    };

    /// <summary>Every <c>section/action</c> the sandbox answers (for tests that must cover all of them).</summary>
    public IReadOnlyCollection<string> Actions => Routes.Keys;

    public bool Knows(string section, string action) => Routes.ContainsKey($"{section}/{action}");

    public static bool RequiresPost(string section, string action) => PostOnly.Contains($"{section}/{action}");

    /// <summary>
    /// Which lock a call holds. Anything not known to stay within one customer takes the whole store: signup and import
    /// (unique codes, coupon redemption limits), plan changes (coupon limits), delete, invoices (looked up across customers).
    /// </summary>
    public static CallScope ScopeOf(string section, string action)
    {
        var route = $"{section}/{action}";
        return ReadOnly.Contains(route) ? CallScope.Read : OneCustomer.Contains(route) ? CallScope.Customer : CallScope.Store;
    }

    public XmlReply Invoke(ApiCall call) => Routes[$"{call.Section}/{call.Action}"](call);

    private XmlReply GetPlans(ApiCall call)
    {
        var code = call.Parameters.Get("code");
        var id = call.Parameters.Get("id");
        if (!string.IsNullOrEmpty(code))
        {
            var plan = catalog.FindPlan(code) ?? throw new CheddarApiException(404, $"Plan not found for code={code} within productCode={options.Value.ProductCode}");
            return XmlReply.Ok(documents.Plans([plan]));
        }
        if (!string.IsNullOrEmpty(id))
        {
            var plan = catalog.FindPlanById(id) ?? throw new CheddarApiException(404, $"Plan not found for id={id} within productCode={options.Value.ProductCode}");
            return XmlReply.Ok(documents.Plans([plan]));
        }
        return catalog.Plans.Count == 0 ? throw new CheddarApiException(404, "No plans found.") : XmlReply.Ok(documents.Plans(catalog.Plans));
    }

    private XmlReply GetPromotions(ApiCall call)
    {
        var code = call.Parameters.Get("code");
        var id = call.Parameters.Get("id");
        if (!string.IsNullOrEmpty(code))
        {
            var promotion = catalog.FindPromotionByCoupon(code) ?? throw new CheddarApiException(404, $"Promotion not found for code={code}");
            return XmlReply.Ok(documents.Promotions([promotion]));
        }
        if (!string.IsNullOrEmpty(id))
        {
            var promotion = catalog.FindPromotionById(id) ?? throw new CheddarApiException(404, $"Promotion not found for id={id}");
            return XmlReply.Ok(documents.Promotions([promotion]));
        }
        return catalog.Promotions.Count == 0
            ? throw new CheddarApiException(404, "No promotions found.")
            : XmlReply.Ok(documents.Promotions(catalog.Promotions));
    }

    /// <summary>The customer named by <c>code</c> or <c>id</c>.</summary>
    private CustomerRecord RequireCustomer(ApiCall call)
    {
        var code = call.Parameters.Get("code");
        var id = call.Parameters.Get("id");
        if (!string.IsNullOrEmpty(code))
        {
            return store.FindByCode(code) ?? throw CheddarApiException.CustomerNotFound();
        }
        if (!string.IsNullOrEmpty(id))
        {
            return store.FindById(id) ?? throw CheddarApiException.CustomerNotFound();
        }
        throw CheddarApiException.Required("code");
    }

    private static XmlReply CustomerReply(CustomerRecord customer) => XmlReply.Ok([customer]);

    /// <summary>A payment failure on an existing customer: the full document with the error embedded, HTTP status = its code.</summary>
    private XmlReply EmbeddedError(CustomerRecord customer, int code, string auxCode, string message) =>
        new(code, documents.Customers([customer], new System.Xml.Linq.XElement("errors", CheddarDocuments.Error(store.Next("error"), code, auxCode, message))));

    private static string? Text(ParameterScope scope, string field, int max, bool required = false)
    {
        var value = scope.Get(field);
        if (string.IsNullOrEmpty(value))
        {
            return required ? throw CheddarApiException.Required(scope.Name(field)) : value;
        }
        return value.Length > max ? throw CheddarApiException.TooLong(scope.Name(field), value, max) : value;
    }

    private static string? Email(ParameterScope scope, bool required)
    {
        var value = Text(scope, "email", 255, required);
        if (!string.IsNullOrEmpty(value) && !(MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal)))
        {
            throw CheddarApiException.Invalid(scope.Name("email"), $"'{value}' is not a valid email address in the basic format local-part@hostname", "emailAddressInvalidFormat");
        }
        return value;
    }

    private static bool? Flag(ParameterScope scope, string field)
    {
        var value = scope.Get(field);
        return value switch
        {
            null or "" => null,
            "1" or "true" => true,
            "0" or "false" => false,
            _ => throw CheddarApiException.Invalid(scope.Name(field), $"'{value}' is not 1 or 0", "notBoolean"),
        };
    }

    /// <summary>A decimal with at most <paramref name="decimals"/> places, between the bounds.</summary>
    private static decimal? Number(ParameterScope scope, string field, int decimals, decimal min, bool minExclusive = false, decimal max = 99999999.9999m)
    {
        var value = scope.Get(field);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        var name = scope.Name(field);
        if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || decimal.Round(number, decimals) != number)
        {
            throw CheddarApiException.Invalid(name, $"'{value}' does not appear to be a number with at most {decimals} decimals", "notFloat");
        }
        if (minExclusive ? number <= min : number < min)
        {
            throw CheddarApiException.Invalid(name, $"'{value}' is not greater than {(minExclusive ? "" : "or equal to ")}'{CheddarFormat.Quantity(min)}'", "notGreaterThan");
        }
        if (number > max)
        {
            throw CheddarApiException.Invalid(name, $"'{value}' is not less than or equal to '{CheddarFormat.Quantity(max)}'", "notLessThan");
        }
        return number;
    }

    /// <summary>YYYY-MM-DD or ISO 8601 datetime (a date alone means midnight UTC).</summary>
    private static DateTimeOffset? Date(ParameterScope scope, string field)
    {
        var value = scope.Get(field);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (DateTimeOffset.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
        {
            return CheddarFormat.Truncate(date);
        }
        throw CheddarApiException.Invalid(scope.Name(field), $"'{value}' is not a valid date in format YYYY-MM-DD or ISO 8601", "dateInvalidDate");
    }

    private PlanDefinition RequirePlanFor(CustomerRecord customer) =>
        catalog.FindPlan(customer.Current.PlanCode) ?? throw new CheddarApiException(500, "An unexpected error occured.  Please try again later.", "1000");
}
