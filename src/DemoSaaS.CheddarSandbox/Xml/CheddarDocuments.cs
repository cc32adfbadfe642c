using System.Text;
using System.Xml;
using System.Xml.Linq;
using DemoSaaS.CheddarSandbox.Billing;
using DemoSaaS.CheddarSandbox.Catalog;
using DemoSaaS.CheddarSandbox.Customers;
using DemoSaaS.CheddarSandbox.Gateway;
using static DemoSaaS.CheddarSandbox.Xml.CheddarFormat;

namespace DemoSaaS.CheddarSandbox.Xml;

/// <summary>
/// Renders Cheddar's XML documents with the element names, order and formats of real responses (the newer 2011+ shape):
/// every scalar present even when empty, newest subscription first, current invoice first.
/// </summary>
public sealed class CheddarDocuments(SandboxCatalog catalog, InvoiceCalculator invoices, SandboxClock clock)
{
    public static XElement Error(long id, int code, string auxCode, string message) =>
        new("error", new XAttribute("id", id), new XAttribute("code", code), new XAttribute("auxCode", auxCode), message);

    public XElement Plans(IEnumerable<PlanDefinition> plans) => new("plans", plans.Select(Plan));

    public XElement Plan(PlanDefinition plan)
    {
        var now = Truncate(clock.GetUtcNow());
        var initial = FirstBill(plan, now);
        return new XElement("plan", new XAttribute("id", catalog.PlanId(plan)), new XAttribute("code", plan.Code),
            new XElement("name", plan.Name),
            new XElement("displayName", plan.IsFree ? plan.Name : $"{plan.Name} • {Money(plan.RecurringChargeAmount)} / Month"),
            new XElement("description", plan.Description),
            new XElement("isActive", Boolean(plan.IsActive)),
            new XElement("isFree", Boolean(plan.IsFree)),
            new XElement("paymentMethodIsRequired", Boolean(plan.PaymentMethodIsRequired && !plan.IsFree)),
            new XElement("trialDays", plan.TrialDays),
            new XElement("initialBillCount", plan.InitialBillCount),
            new XElement("initialBillCountUnit", plan.InitialBillCountUnit),
            new XElement("initialInvoiceBillingDatetime", Datetime(initial)),
            new XElement("billingFrequency", "monthly"),
            new XElement("billingFrequencyPer", "month"),
            new XElement("billingFrequencyUnit", "months"),
            new XElement("billingFrequencyQuantity", 1),
            new XElement("nextInvoiceBillingDatetime", Datetime(initial.AddMonths(1))),
            new XElement("setupChargeCode", SandboxCatalog.SetupChargeCode(plan)),
            new XElement("setupChargeAmount", Money(plan.SetupChargeAmount)),
            new XElement("recurringChargeCode", SandboxCatalog.RecurringChargeCode(plan)),
            new XElement("recurringChargeAmount", Money(plan.RecurringChargeAmount)),
            new XElement("onChangeInitialBillHandler", "next"),
            new XElement("setupChargeBillHandler", "now"),
            new XElement("onChangeSetupChargeBillHandler", "no"),
            new XElement("createdDatetime", Datetime(catalog.CreatedDatetime)),
            plan.Items.Count == 0 ? null : new XElement("items", plan.Items.Select(item =>
                new XElement("item", new XAttribute("id", catalog.ItemId(plan, item)), new XAttribute("code", item.Code),
                    new XElement("name", item.Name),
                    new XElement("quantityIncluded", Quantity(item.QuantityIncluded)),
                    new XElement("isPeriodic", Boolean(item.IsPeriodic)),
                    new XElement("overageAmount", Money(item.OverageAmount)),
                    new XElement("createdDatetime", Datetime(catalog.CreatedDatetime))))));
    }

    /// <summary>First bill date for a signup at <paramref name="signup"/>: the plan's initial bill delay.</summary>
    public static DateTimeOffset FirstBill(PlanDefinition plan, DateTimeOffset signup) =>
        plan.InitialBillCountUnit == "days" ? signup.AddDays(plan.InitialBillCount) : signup.AddMonths(plan.InitialBillCount);

    /// <param name="errors">Embedded errors, placed before the customer.</param>
    public XElement Customers(IEnumerable<CustomerRecord> customers, XElement? errors = null) =>
        new("customers", errors, customers.Select(Customer));

    public XElement Customer(CustomerRecord customer) =>
        new("customer", new XAttribute("id", customer.Id), new XAttribute("code", customer.Code),
            new XElement("firstName", customer.FirstName),
            new XElement("lastName", customer.LastName),
            new XElement("company", customer.Company),
            new XElement("email", customer.Email),
            new XElement("notes", customer.Notes),
            new XElement("gatewayToken", customer.GatewayToken),
            new XElement("isVatExempt", Boolean(customer.IsVatExempt)),
            new XElement("vatNumber", customer.VatNumber),
            new XElement("firstContactDatetime", Datetime(customer.FirstContactDatetime)),
            new XElement("referer", customer.Referer),
            new XElement("refererHost", RefererHost(customer.Referer)),
            new XElement("campaignSource", customer.CampaignSource),
            new XElement("campaignMedium", customer.CampaignMedium),
            new XElement("campaignTerm", customer.CampaignTerm),
            new XElement("campaignContent", customer.CampaignContent),
            new XElement("campaignName", customer.CampaignName),
            new XElement("key", customer.Key),
            new XElement("createdDatetime", Datetime(customer.CreatedDatetime)),
            new XElement("modifiedDatetime", Datetime(customer.ModifiedDatetime)),
            new XElement("metaData", customer.MetaData.Select(m =>
                new XElement("metaDatum", new XAttribute("id", m.Id),
                    new XElement("name", m.Name),
                    new XElement("value", m.Value),
                    new XElement("createdDatetime", Datetime(m.CreatedDatetime)),
                    new XElement("modifiedDatetime", Datetime(m.ModifiedDatetime))))),
            new XElement("subscriptions", customer.Subscriptions.Select(Subscription)));

    private XElement Subscription(SubscriptionRecord subscription)
    {
        var plan = catalog.FindPlan(subscription.PlanCode);
        return new XElement("subscription", new XAttribute("id", subscription.Id),
            new XElement("plans", plan is null ? null : Plan(plan)),
            new XElement("gatewayToken", subscription.GatewayToken),
            subscription.HasCard
                ? new XElement("gatewayAccount",
                    new XElement("id", catalog.ProductId),
                    new XElement("gateway", SimulatedGateway.GatewayName),
                    new XElement("type", "cc"))
                : null,
            new XElement("ccFirstName", subscription.CcFirstName),
            new XElement("ccLastName", subscription.CcLastName),
            new XElement("ccCompany", subscription.CcCompany),
            new XElement("ccCountry", subscription.CcCountry),
            new XElement("ccAddress", subscription.CcAddress),
            new XElement("ccCity", subscription.CcCity),
            new XElement("ccState", subscription.CcState),
            new XElement("ccZip", subscription.CcZip),
            new XElement("ccType", subscription.CcType),
            new XElement("ccLastFour", subscription.CcLastFour),
            new XElement("ccExpirationDate", Datetime(subscription.CcExpirationDate)),
            new XElement("ccEmail", ""),
            new XElement("couponCode", subscription.CouponCode),
            new XElement("cancelType", subscription.CancelType),
            new XElement("cancelReason", subscription.CancelReason),
            new XElement("canceledDatetime", Datetime(subscription.CanceledDatetime)),
            new XElement("createdDatetime", Datetime(subscription.CreatedDatetime)),
            plan is null || plan.Items.Count == 0 ? null : new XElement("items", plan.Items.Select(item =>
            {
                var usage = subscription.Items.FirstOrDefault(u => u.ItemCode == item.Code);
                return new XElement("item", new XAttribute("id", catalog.ItemId(plan, item)), new XAttribute("code", item.Code),
                    new XElement("name", item.Name),
                    new XElement("quantity", Quantity(usage?.Quantity ?? 0m)),
                    usage?.CreatedDatetime is null ? null : new XElement("createdDatetime", Datetime(usage.CreatedDatetime)),
                    usage?.ModifiedDatetime is null ? null : new XElement("modifiedDatetime", Datetime(usage.ModifiedDatetime)));
            })),
            new XElement("invoices", subscription.Invoices.Select(i => Invoice(subscription, i))));
    }

    private XElement Invoice(SubscriptionRecord subscription, InvoiceRecord invoice) =>
        new("invoice", new XAttribute("id", invoice.Id),
            new XElement("number", invoice.Number),
            new XElement("type", invoice.Type),
            new XElement("vatRate", ""),
            new XElement("billingDatetime", Datetime(invoice.BillingDatetime)),
            new XElement("paidTransactionId", invoice.PaidTransactionId ?? ""),
            new XElement("createdDatetime", Datetime(invoice.CreatedDatetime)),
            new XElement("charges", invoices.Lines(subscription, invoice).Select(charge =>
                new XElement("charge", new XAttribute("id", charge.Id), new XAttribute("code", charge.Code),
                    new XElement("type", charge.Type),
                    new XElement("quantity", Quantity(charge.Quantity)),
                    new XElement("eachAmount", Money(charge.EachAmount)),
                    new XElement("description", charge.Description),
                    new XElement("createdDatetime", Datetime(charge.CreatedDatetime))))),
            invoice.Transactions.Count == 0 ? null : new XElement("transactions", invoice.Transactions.Select(t =>
                new XElement("transaction", new XAttribute("id", t.Id), new XAttribute("code", ""),
                    new XElement("parentId", t.ParentId ?? ""),
                    new XElement("gatewayToken", SimulatedGateway.Token),
                    new XElement("gatewayAccount",
                        new XElement("id", catalog.ProductId),
                        new XElement("gateway", SimulatedGateway.GatewayName),
                        new XElement("type", "cc")),
                    new XElement("amount", Money(t.Amount)),
                    new XElement("memo", t.Memo),
                    new XElement("response", t.Response),
                    new XElement("responseReason", t.ResponseReason),
                    new XElement("transactedDatetime", Datetime(t.TransactedDatetime)),
                    new XElement("createdDatetime", Datetime(t.CreatedDatetime))))));

    public XElement Promotions(IEnumerable<PromotionDefinition> promotions) =>
        new("promotions", promotions.Select(promotion =>
            new XElement("promotion", new XAttribute("id", catalog.PromotionId(promotion)),
                new XElement("name", promotion.Name),
                new XElement("description", promotion.Description),
                new XElement("createdDatetime", Datetime(catalog.CreatedDatetime)),
                new XElement("plans", promotion.PlanCodes.Select(catalog.FindPlan).OfType<PlanDefinition>().Select(plan =>
                    new XElement("plan", new XAttribute("id", catalog.PlanId(plan)), new XAttribute("code", plan.Code),
                        new XElement("code", plan.Code),
                        new XElement("name", plan.Name)))),
                new XElement("incentives",
                    new XElement("incentive", new XAttribute("id", catalog.IncentiveId(promotion)),
                        new XElement("type", "percentage"),
                        new XElement("percentage", Quantity(promotion.Percentage)),
                        new XElement("months", promotion.Months))),
                new XElement("coupons",
                    new XElement("coupon", new XAttribute("id", catalog.CouponId(promotion)), new XAttribute("code", promotion.CouponCode),
                        new XElement("code", promotion.CouponCode),
                        new XElement("maxRedemptions", promotion.MaxRedemptions),
                        new XElement("expirationDatetime", Datetime(promotion.ExpirationDatetime)),
                        new XElement("createdDatetime", Datetime(catalog.CreatedDatetime)))))));

    private static string RefererHost(string referer) =>
        Uri.TryCreate(referer, UriKind.Absolute, out var uri) ? uri.Host : "";
}
