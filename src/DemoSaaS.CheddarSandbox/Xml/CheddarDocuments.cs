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

    public XElement Plan(PlanDefinition plan) => XElementSink.Build(sink => WritePlan(sink, plan));

    /// <summary>First bill date for a signup at <paramref name="signup"/>: the plan's initial bill delay.</summary>
    public static DateTimeOffset FirstBill(PlanDefinition plan, DateTimeOffset signup) =>
        plan.InitialBillCountUnit == "days" ? signup.AddDays(plan.InitialBillCount) : signup.AddMonths(plan.InitialBillCount);

    /// <param name="errors">Embedded errors, placed before the customer.</param>
    public XElement Customers(IEnumerable<CustomerRecord> customers, XElement? errors = null) =>
        new("customers", errors, customers.Select(Customer));

    public XElement Customer(CustomerRecord customer) => XElementSink.Build(sink => WriteCustomer(sink, customer));

    /// <summary>
    /// A <c>&lt;customers&gt;</c> document written straight to UTF-8 (what <see cref="Customers"/> would serialize to,
    /// without building the tree: a customer answer is the sandbox's most frequent document).
    /// </summary>
    internal XmlReplyBuffer WriteCustomers(IReadOnlyList<CustomerRecord> customers) =>
        XmlReplyBuffer.Write(sink => WriteCustomers(sink, customers), () => Customers(customers));

    private void WriteCustomers(IXmlSink sink, IReadOnlyList<CustomerRecord> customers)
    {
        sink.StartElement("customers");
        foreach (var customer in customers)
        {
            WriteCustomer(sink, customer);
        }
        sink.EndElement();
    }

    private void WritePlan(IXmlSink sink, PlanDefinition plan)
    {
        var now = Truncate(clock.GetUtcNow());
        var initial = FirstBill(plan, now);
        sink.StartElement("plan");
        sink.Attribute("id", catalog.PlanId(plan));
        sink.Attribute("code", plan.Code);
        sink.Element("name", plan.Name);
        sink.Element("displayName", plan.IsFree ? plan.Name : $"{plan.Name} • {Money(plan.RecurringChargeAmount)} / Month");
        sink.Element("description", plan.Description);
        sink.Element("isActive", Boolean(plan.IsActive));
        sink.Element("isFree", Boolean(plan.IsFree));
        sink.Element("paymentMethodIsRequired", Boolean(plan.PaymentMethodIsRequired && !plan.IsFree));
        sink.Element("trialDays", Integer(plan.TrialDays));
        sink.Element("initialBillCount", Integer(plan.InitialBillCount));
        sink.Element("initialBillCountUnit", plan.InitialBillCountUnit);
        sink.Element("initialInvoiceBillingDatetime", Datetime(initial));
        sink.Element("billingFrequency", "monthly");
        sink.Element("billingFrequencyPer", "month");
        sink.Element("billingFrequencyUnit", "months");
        sink.Element("billingFrequencyQuantity", "1");
        sink.Element("nextInvoiceBillingDatetime", Datetime(initial.AddMonths(1)));
        sink.Element("setupChargeCode", SandboxCatalog.SetupChargeCode(plan));
        sink.Element("setupChargeAmount", Money(plan.SetupChargeAmount));
        sink.Element("recurringChargeCode", SandboxCatalog.RecurringChargeCode(plan));
        sink.Element("recurringChargeAmount", Money(plan.RecurringChargeAmount));
        sink.Element("onChangeInitialBillHandler", "next");
        sink.Element("setupChargeBillHandler", "now");
        sink.Element("onChangeSetupChargeBillHandler", "no");
        sink.Element("createdDatetime", Datetime(catalog.CreatedDatetime));
        if (plan.Items.Count > 0)
        {
            sink.StartElement("items");
            foreach (var item in plan.Items)
            {
                sink.StartElement("item");
                sink.Attribute("id", catalog.ItemId(plan, item));
                sink.Attribute("code", item.Code);
                sink.Element("name", item.Name);
                sink.Element("quantityIncluded", Quantity(item.QuantityIncluded));
                sink.Element("isPeriodic", Boolean(item.IsPeriodic));
                sink.Element("overageAmount", Money(item.OverageAmount));
                sink.Element("createdDatetime", Datetime(catalog.CreatedDatetime));
                sink.EndElement();
            }
            sink.EndElement();
        }
        sink.EndElement();
    }

    private void WriteCustomer(IXmlSink sink, CustomerRecord customer)
    {
        sink.StartElement("customer");
        sink.Attribute("id", customer.Id);
        sink.Attribute("code", customer.Code);
        sink.Element("firstName", customer.FirstName);
        sink.Element("lastName", customer.LastName);
        sink.Element("company", customer.Company);
        sink.Element("email", customer.Email);
        sink.Element("notes", customer.Notes);
        sink.Element("gatewayToken", customer.GatewayToken);
        sink.Element("isVatExempt", Boolean(customer.IsVatExempt));
        sink.Element("vatNumber", customer.VatNumber);
        sink.Element("firstContactDatetime", Datetime(customer.FirstContactDatetime));
        sink.Element("referer", customer.Referer);
        sink.Element("refererHost", RefererHost(customer.Referer));
        sink.Element("campaignSource", customer.CampaignSource);
        sink.Element("campaignMedium", customer.CampaignMedium);
        sink.Element("campaignTerm", customer.CampaignTerm);
        sink.Element("campaignContent", customer.CampaignContent);
        sink.Element("campaignName", customer.CampaignName);
        sink.Element("key", customer.Key);
        sink.Element("createdDatetime", Datetime(customer.CreatedDatetime));
        sink.Element("modifiedDatetime", Datetime(customer.ModifiedDatetime));
        sink.StartElement("metaData");
        foreach (var datum in customer.MetaData)
        {
            sink.StartElement("metaDatum");
            sink.Attribute("id", datum.Id);
            sink.Element("name", datum.Name);
            sink.Element("value", datum.Value);
            sink.Element("createdDatetime", Datetime(datum.CreatedDatetime));
            sink.Element("modifiedDatetime", Datetime(datum.ModifiedDatetime));
            sink.EndElement();
        }
        sink.EndElement();
        sink.StartElement("subscriptions");
        foreach (var subscription in customer.Subscriptions)
        {
            WriteSubscription(sink, subscription);
        }
        sink.EndElement();
        sink.EndElement();
    }

    private void WriteSubscription(IXmlSink sink, SubscriptionRecord subscription)
    {
        var plan = catalog.FindPlan(subscription.PlanCode);
        sink.StartElement("subscription");
        sink.Attribute("id", subscription.Id);
        sink.StartElement("plans");
        if (plan is not null)
        {
            WritePlan(sink, plan);
        }
        sink.EndElement();
        sink.Element("gatewayToken", subscription.GatewayToken);
        if (subscription.HasCard)
        {
            WriteGatewayAccount(sink);
        }
        sink.Element("ccFirstName", subscription.CcFirstName);
        sink.Element("ccLastName", subscription.CcLastName);
        sink.Element("ccCompany", subscription.CcCompany);
        sink.Element("ccCountry", subscription.CcCountry);
        sink.Element("ccAddress", subscription.CcAddress);
        sink.Element("ccCity", subscription.CcCity);
        sink.Element("ccState", subscription.CcState);
        sink.Element("ccZip", subscription.CcZip);
        sink.Element("ccType", subscription.CcType);
        sink.Element("ccLastFour", subscription.CcLastFour);
        sink.Element("ccExpirationDate", Datetime(subscription.CcExpirationDate));
        sink.Element("ccEmail", "");
        sink.Element("couponCode", subscription.CouponCode);
        sink.Element("cancelType", subscription.CancelType);
        sink.Element("cancelReason", subscription.CancelReason);
        sink.Element("canceledDatetime", Datetime(subscription.CanceledDatetime));
        sink.Element("createdDatetime", Datetime(subscription.CreatedDatetime));
        if (plan is not null && plan.Items.Count > 0)
        {
            sink.StartElement("items");
            foreach (var item in plan.Items)
            {
                var usage = subscription.Items.FirstOrDefault(u => u.ItemCode == item.Code);
                sink.StartElement("item");
                sink.Attribute("id", catalog.ItemId(plan, item));
                sink.Attribute("code", item.Code);
                sink.Element("name", item.Name);
                sink.Element("quantity", Quantity(usage?.Quantity ?? 0m));
                if (usage?.CreatedDatetime is not null)
                {
                    sink.Element("createdDatetime", Datetime(usage.CreatedDatetime));
                }
                if (usage?.ModifiedDatetime is not null)
                {
                    sink.Element("modifiedDatetime", Datetime(usage.ModifiedDatetime));
                }
                sink.EndElement();
            }
            sink.EndElement();
        }
        sink.StartElement("invoices");
        foreach (var invoice in subscription.Invoices)
        {
            WriteInvoice(sink, subscription, invoice);
        }
        sink.EndElement();
        sink.EndElement();
    }

    private void WriteInvoice(IXmlSink sink, SubscriptionRecord subscription, InvoiceRecord invoice)
    {
        sink.StartElement("invoice");
        sink.Attribute("id", invoice.Id);
        sink.Element("number", Integer(invoice.Number));
        sink.Element("type", invoice.Type);
        sink.Element("vatRate", "");
        sink.Element("billingDatetime", Datetime(invoice.BillingDatetime));
        sink.Element("paidTransactionId", invoice.PaidTransactionId ?? "");
        sink.Element("createdDatetime", Datetime(invoice.CreatedDatetime));
        sink.StartElement("charges");
        foreach (var charge in invoices.Lines(subscription, invoice))
        {
            sink.StartElement("charge");
            sink.Attribute("id", charge.Id);
            sink.Attribute("code", charge.Code);
            sink.Element("type", charge.Type);
            sink.Element("quantity", Quantity(charge.Quantity));
            sink.Element("eachAmount", Money(charge.EachAmount));
            sink.Element("description", charge.Description);
            sink.Element("createdDatetime", Datetime(charge.CreatedDatetime));
            sink.EndElement();
        }
        sink.EndElement();
        if (invoice.Transactions.Count > 0)
        {
            sink.StartElement("transactions");
            foreach (var transaction in invoice.Transactions)
            {
                sink.StartElement("transaction");
                sink.Attribute("id", transaction.Id);
                sink.Attribute("code", "");
                sink.Element("parentId", transaction.ParentId ?? "");
                sink.Element("gatewayToken", SimulatedGateway.Token);
                WriteGatewayAccount(sink);
                sink.Element("amount", Money(transaction.Amount));
                sink.Element("memo", transaction.Memo);
                sink.Element("response", transaction.Response);
                sink.Element("responseReason", transaction.ResponseReason);
                sink.Element("transactedDatetime", Datetime(transaction.TransactedDatetime));
                sink.Element("createdDatetime", Datetime(transaction.CreatedDatetime));
                sink.EndElement();
            }
            sink.EndElement();
        }
        sink.EndElement();
    }

    private void WriteGatewayAccount(IXmlSink sink)
    {
        sink.StartElement("gatewayAccount");
        sink.Element("id", catalog.ProductId);
        sink.Element("gateway", SimulatedGateway.GatewayName);
        sink.Element("type", "cc");
        sink.EndElement();
    }

    private static string Integer(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

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
