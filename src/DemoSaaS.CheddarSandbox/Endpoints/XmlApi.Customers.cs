using System.Globalization;
using DemoSaaS.CheddarSandbox.Catalog;
using DemoSaaS.CheddarSandbox.Customers;
using DemoSaaS.CheddarSandbox.Gateway;
using DemoSaaS.CheddarSandbox.Xml;

namespace DemoSaaS.CheddarSandbox.Endpoints;

public sealed partial class XmlApi
{
    private XmlReply GetCustomers(ApiCall call)
    {
        var p = call.Parameters;
        if (!string.IsNullOrEmpty(p.Get("code")) || !string.IsNullOrEmpty(p.Get("id")))
        {
            return CustomerReply(RequireCustomer(call));
        }
        if (p.Get("invoiceNumber") is { Length: > 0 } number)
        {
            var owner = store.All().FirstOrDefault(c => c.Subscriptions.Any(s => s.Invoices.Any(i => i.Number.ToString(CultureInfo.InvariantCulture) == number)));
            return CustomerReply(owner ?? throw CheddarApiException.CustomerNotFound());
        }
        return ListCustomers(call);
    }

    /// <summary>customers/get without an identifier, and customers/list: the documented filters, then 404 when nothing matches.</summary>
    private XmlReply ListCustomers(ApiCall call)
    {
        var root = call.Root;
        var status = root.Get("subscriptionStatus");
        if (!string.IsNullOrEmpty(status) && status is not ("activeOnly" or "canceledOnly"))
        {
            throw CheddarApiException.Invalid("subscriptionStatus", $"'{status}' is not activeOnly or canceledOnly", "notInArray");
        }
        var plans = call.Parameters.GetAll("planCode").Where(c => c.Length > 0).ToList();
        var createdAfter = Date(root, "createdAfterDate");
        var createdBefore = Date(root, "createdBeforeDate")?.AddDays(1);
        var canceledAfter = Date(root, "canceledAfterDate");
        var canceledBefore = Date(root, "canceledBeforeDate")?.AddDays(1);
        var transactedAfter = Date(root, "transactedAfterDate");
        var transactedBefore = Date(root, "transactedBeforeDate")?.AddDays(1);
        var orderBy = root.Get("orderBy") is { Length: > 0 } o ? o : "name";
        if (orderBy is not ("name" or "company" or "plan" or "billingDatetime" or "createdDatetime"))
        {
            throw CheddarApiException.Invalid("orderBy", $"'{orderBy}' is not one of name, company, plan, billingDatetime, createdDatetime", "notInArray");
        }
        var direction = root.Get("orderByDirection") is { Length: > 0 } d ? d : "asc";
        if (direction is not ("asc" or "desc"))
        {
            throw CheddarApiException.Invalid("orderByDirection", $"'{direction}' is not asc or desc", "notInArray");
        }
        var search = root.Get("search");

        var matches = store.All().Where(c =>
        {
            var current = c.Current;
            var active = current.CanceledDatetime is null || current.CanceledDatetime > call.Now;
            if (status == "activeOnly" && !active) return false;
            if (status == "canceledOnly" && active) return false;
            if (plans.Count > 0 && !plans.Contains(current.PlanCode)) return false;
            if (createdAfter is { } ca && c.CreatedDatetime < ca) return false;
            if (createdBefore is { } cb && c.CreatedDatetime >= cb) return false;
            if ((canceledAfter ?? canceledBefore) is not null
                && (current.CanceledDatetime is not { } canceled || canceled < (canceledAfter ?? DateTimeOffset.MinValue) || canceled >= (canceledBefore ?? DateTimeOffset.MaxValue)))
                return false;
            if ((transactedAfter ?? transactedBefore) is not null
                && !c.Subscriptions.SelectMany(s => s.Invoices).SelectMany(i => i.Transactions).Any(t =>
                    t.TransactedDatetime >= (transactedAfter ?? DateTimeOffset.MinValue) && t.TransactedDatetime < (transactedBefore ?? DateTimeOffset.MaxValue)))
                return false;
            if (!string.IsNullOrEmpty(search)
                && !new[] { c.FirstName, c.LastName, $"{c.FirstName} {c.LastName}", c.Company, c.Email, current.CcLastFour }
                    .Any(f => f.Contains(search, StringComparison.OrdinalIgnoreCase)))
                return false;
            return true;
        });
        Func<CustomerRecord, IComparable> key = orderBy switch
        {
            "company" => c => c.Company,
            "plan" => c => c.Current.PlanCode,
            "billingDatetime" => c => c.Current.OpenInvoice?.BillingDatetime ?? DateTimeOffset.MaxValue,
            "createdDatetime" => c => c.CreatedDatetime,
            _ => c => $"{c.LastName}\u0001{c.FirstName}\u0001{c.Code}",
        };
        var ordered = (direction == "desc" ? matches.OrderByDescending(key) : matches.OrderBy(key)).ToList();
        return ordered.Count == 0 ? throw new CheddarApiException(404, "No customers found.") : XmlReply.Ok(ordered);
    }

    private XmlReply NewCustomer(ApiCall call)
    {
        var root = call.Root;
        var subscription = new ParameterScope(call.Parameters, "subscription");

        // Validation order observed on the live API; the first failure wins and nothing is created.
        var planCode = subscription.Get("planCode");
        if (string.IsNullOrEmpty(planCode))
        {
            throw new CheddarApiException(412, "A pricing plan is required", "subscription[planCode]:isEmpty");
        }
        var plan = FindActivePlan(planCode, subscription);
        var applyCustomer = ValidateCustomerFields(call, creating: true);
        var initialBillDate = Date(subscription, "initialBillDate");
        if (initialBillDate is { } requested && requested.UtcDateTime.Date < call.Now.UtcDateTime.Date)
        {
            throw CheddarApiException.Invalid(subscription.Name("initialBillDate"), $"'{subscription.Get("initialBillDate")}' is in the past", "dateInPast");
        }
        var firstBill = initialBillDate is { } date ? (date < call.Now ? call.Now : date) : CheddarDocuments.FirstBill(plan, call.Now);
        // A card may only be left out when the first paid invoice is delayed (a trial).
        var card = ValidateCard(subscription, plan, onFile: null, required: !plan.IsFree && firstBill <= call.Now);
        var coupon = ValidateCoupon(subscription, plan, call.Now);
        ValidateMethod(subscription);
        var charges = ValidateCharges(call, required: false);
        var items = ValidateSignupItems(call, plan);
        if (card is not null)
        {
            SimulatedGateway.Verify(card, call.Now);
        }

        var customer = NewCustomerRecord(root.Get("code")!, call.Now);
        applyCustomer(customer);
        var started = call.Billing.Start(customer, plan, card, coupon, firstBill, call.Now);
        foreach (var (itemCode, quantity) in items)
        {
            var usage = started.Items.First(u => u.ItemCode == itemCode);
            usage.Quantity = quantity;
            usage.CreatedDatetime = usage.ModifiedDatetime = call.Now;
        }
        started.OpenInvoice!.Charges.AddRange(charges);
        if (plan.SetupChargeAmount > 0m)
        {
            started.OpenInvoice.Charges.Insert(1, new ChargeRecord
            {
                Code = SandboxCatalog.SetupChargeCode(plan), Type = "setup", Quantity = 1m, EachAmount = plan.SetupChargeAmount, CreatedDatetime = call.Now,
            });
        }
        call.Billing.Webhooks.Add(payloads.Event("newSubscription", customer, started));

        ChargeOutcome? outcome = null;
        if (firstBill <= call.Now)
        {
            outcome = call.Billing.CloseAndCharge(customer, started, started.OpenInvoice, call.Now, atCardEntry: true);
        }
        store.Save(customer);
        return outcome is { Approved: false }
            ? EmbeddedError(customer, GatewayResults.HttpStatus(outcome.AuxCode), outcome.AuxCode, outcome.Message)
            : CustomerReply(customer);
    }

    private XmlReply EditCustomer(ApiCall call)
    {
        var customer = RequireCustomer(call);
        var apply = ValidateCustomerFields(call, creating: false);
        apply(customer);
        customer.ModifiedDatetime = call.Now;
        store.Save(customer);
        return CustomerReply(customer);
    }

    private XmlReply EditCustomerAndSubscription(ApiCall call)
    {
        var customer = RequireCustomer(call);
        var apply = ValidateCustomerFields(call, creating: false);
        // Without any subscription[...] field this is a customer edit: a canceled subscription stays canceled.
        var change = call.Parameters.HasGroup("subscription")
            ? ValidateSubscriptionChange(call, customer, new ParameterScope(call.Parameters, "subscription"))
            : null;
        apply(customer);
        customer.ModifiedDatetime = call.Now;
        if (change is null)
        {
            store.Save(customer);
            return CustomerReply(customer);
        }
        return ApplySubscriptionChange(call, customer, change);
    }

    private XmlReply EditSubscription(ApiCall call)
    {
        var customer = RequireCustomer(call);
        var change = ValidateSubscriptionChange(call, customer, call.Root);
        return ApplySubscriptionChange(call, customer, change);
    }

    private XmlReply CancelSubscription(ApiCall call)
    {
        var customer = RequireCustomer(call);
        var current = customer.Current;
        ChargeOutcome? overage = null;
        if (!current.IsCanceled)
        {
            // Cancel drops the open invoice: the overage accrued so far is billed first, so canceling never erases usage.
            overage = call.Billing.BillAccruedOverage(customer, current, "cancel", call.Now);
            call.Billing.Cancel(customer, current, "customer", "", call.Now);
            store.Save(customer);
        }
        return overage is { Approved: false }
            ? EmbeddedError(customer, GatewayResults.HttpStatus(overage.AuxCode), overage.AuxCode, overage.Message)
            : CustomerReply(customer);
    }

    private XmlReply DeleteCustomer(ApiCall call)
    {
        var customer = RequireCustomer(call);
        store.Delete(customer.Id);
        call.Billing.Webhooks.Add(payloads.Event("customerDeleted", customer, subscription: null));
        return XmlReply.Ok(documents.Customers([]));
    }

    private XmlReply DeleteAllCustomers(ApiCall call)
    {
        var confirm = call.Root.Get("confirm");
        if (string.IsNullOrEmpty(confirm))
        {
            throw CheddarApiException.Required("confirm");
        }
        if (!long.TryParse(confirm, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw CheddarApiException.Invalid("confirm", $"'{confirm}' is not a Unix timestamp", "notDigits");
        }
        if (!options.Value.IsDevelopmentProduct)
        {
            throw new CheddarApiException(400, "customers/delete-all is only available for development products");
        }
        foreach (var customer in store.All())
        {
            call.Billing.Webhooks.Add(payloads.Event("customerDeleted", customer, subscription: null));
        }
        store.DeleteAll();
        return XmlReply.Ok(documents.Customers([]));
    }

    private PlanDefinition FindActivePlan(string planCode, ParameterScope scope) =>
        catalog.FindPlan(planCode) is { IsActive: true } plan
            ? plan
            : throw new CheddarApiException(412, $"No plan found with code={planCode}", $"{scope.Name("planCode")}:notFound");

    private static void ValidateMethod(ParameterScope scope)
    {
        var method = scope.Get("method");
        if (!string.IsNullOrEmpty(method) && method != "cc")
        {
            throw CheddarApiException.Invalid(scope.Name("method"),
                method == "paypal" ? "'paypal' is not supported by the sandbox (no PayPal simulator); use cc" : $"'{method}' is not cc or paypal",
                "notInArray");
        }
    }

    /// <summary>Card data: required for a paid plan that requires a payment method (or when any card field is sent).</summary>
    private static CardEntry? ValidateCard(ParameterScope scope, PlanDefinition plan, SubscriptionRecord? onFile, bool required = false)
    {
        var needed = (!plan.IsFree && (plan.PaymentMethodIsRequired || required) && onFile?.HasCard != true) || SimulatedGateway.HasCardFields(scope);
        return needed ? SimulatedGateway.ValidateFields(scope, onFile) : null;
    }

    private string ValidateCoupon(ParameterScope scope, PlanDefinition plan, DateTimeOffset now)
    {
        var code = scope.Get("couponCode");
        if (string.IsNullOrEmpty(code))
        {
            return "";
        }
        var name = scope.Name("couponCode");
        var promotion = catalog.FindPromotionByCoupon(code)
            ?? throw CheddarApiException.Invalid(name, $"'{code}' is not a valid coupon code", "couponNotFound");
        if (!promotion.PlanCodes.Contains(plan.Code))
        {
            throw CheddarApiException.Invalid(name, $"Coupon '{code}' does not apply to plan {plan.Code}", "couponNotForPlan");
        }
        if (promotion.ExpirationDatetime is { } expires && expires < now)
        {
            throw CheddarApiException.Invalid(name, $"Coupon '{code}' has expired", "couponExpired");
        }
        if (promotion.MaxRedemptions > 0
            && store.All().SelectMany(c => c.Subscriptions).Count(s => string.Equals(s.CouponCode, promotion.CouponCode, StringComparison.OrdinalIgnoreCase)) >= promotion.MaxRedemptions)
        {
            throw CheddarApiException.Invalid(name, $"Coupon '{code}' has reached its maximum number of redemptions", "couponMaxRedemptions");
        }
        return promotion.CouponCode;
    }

    /// <summary>Validates customer fields (create: required ones in Cheddar's order; edit: only those sent) and returns how to apply them.</summary>
    private Action<CustomerRecord> ValidateCustomerFields(ApiCall call, bool creating)
    {
        var root = call.Root;
        var p = call.Parameters;
        string? RequiredOnCreate(string field, int max)
        {
            var value = Text(root, field, max, required: creating || root.Has(field));
            return value;
        }

        var firstName = RequiredOnCreate("firstName", 40);
        var lastName = RequiredOnCreate("lastName", 40);
        if (creating)
        {
            var code = Text(root, "code", 255, required: true)!;
            if (store.FindByCode(code) is not null)
            {
                throw CheddarApiException.Invalid("code", $"Another customer already exists with code={code}", "recordFound");
            }
        }
        var email = Email(root, required: creating || root.Has("email"));
        var company = Text(root, "company", 60);
        var notes = Text(root, "notes", 255);
        var gatewayToken = Text(root, "gatewayToken", 255);
        var taxRate = Number(root, "taxRate", 4, 0m, max: 100m);
        var exempt = Flag(root, "isTaxExempt") ?? Flag(root, "isVatExempt");
        var taxNumber = Text(root, "taxNumber", 32) ?? Text(root, "vatNumber", 32);
        var firstContact = Date(root, "firstContactDatetime");
        var referer = Text(root, "referer", 255);
        var campaign = new[] { "campaignSource", "campaignMedium", "campaignTerm", "campaignContent", "campaignName" }
            .ToDictionary(f => f, f => Text(root, f, 255));
        var metaData = p.Map("metaData");
        foreach (var (name, value) in metaData)
        {
            if (name.Length == 0 || name.Length > 255)
            {
                throw CheddarApiException.Invalid($"metaData[{name}]", "The metaData name must be 1 to 255 characters long", "stringLengthInvalid");
            }
            if (value.Length > 255)
            {
                throw CheddarApiException.TooLong($"metaData[{name}]", value, 255);
            }
        }

        return customer =>
        {
            if (firstName is not null) customer.FirstName = firstName;
            if (lastName is not null) customer.LastName = lastName;
            if (email is not null) customer.Email = email;
            if (company is not null) customer.Company = company;
            if (notes is not null) customer.Notes = notes;
            if (gatewayToken is not null) customer.GatewayToken = gatewayToken;
            if (taxRate is not null) customer.TaxRate = taxRate;
            if (exempt is not null) customer.IsVatExempt = exempt.Value;
            if (taxNumber is not null) customer.VatNumber = taxNumber;
            if (firstContact is not null) customer.FirstContactDatetime = firstContact;
            if (referer is not null) customer.Referer = referer;
            if (campaign["campaignSource"] is { } source) customer.CampaignSource = source;
            if (campaign["campaignMedium"] is { } medium) customer.CampaignMedium = medium;
            if (campaign["campaignTerm"] is { } term) customer.CampaignTerm = term;
            if (campaign["campaignContent"] is { } content) customer.CampaignContent = content;
            if (campaign["campaignName"] is { } campaignName) customer.CampaignName = campaignName;
            foreach (var (name, value) in metaData)
            {
                var datum = customer.MetaData.FirstOrDefault(m => m.Name == name);
                if (datum is null)
                {
                    customer.MetaData.Add(new MetaDatumRecord { Id = Guid.NewGuid().ToString(), Name = name, Value = value, CreatedDatetime = call.Now, ModifiedDatetime = call.Now });
                }
                else if (datum.Value != value)
                {
                    datum.Value = value;
                    datum.ModifiedDatetime = call.Now;
                }
            }
        };
    }

    /// <summary>A new customer's record (signup or import): fresh id and key, created and modified now.</summary>
    private static CustomerRecord NewCustomerRecord(string code, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid().ToString(),
        Code = code,
        Key = Guid.NewGuid().ToString("N")[..10],
        CreatedDatetime = now,
        ModifiedDatetime = now,
    };
}
