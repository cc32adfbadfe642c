using System.Xml;
using System.Xml.Linq;
using DemoSaaS.Cheddar.Models;
using static DemoSaaS.Cheddar.Xml.XmlValues;

namespace DemoSaaS.Cheddar.Xml;

/// <summary>
/// Turns Cheddar's XML into typed models. Unknown elements are ignored and optional ones may be missing,
/// so both the 2011 and the newer document shapes read the same.
/// </summary>
internal static class CheddarXmlReader
{
    private static readonly XmlReaderSettings SafeSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
    };

    public static CheddarDocument Read(Stream xml)
    {
        using var reader = XmlReader.Create(xml, SafeSettings);
        return Read(XDocument.Load(reader));
    }

    public static CheddarDocument Read(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml), SafeSettings);
        return Read(XDocument.Load(reader));
    }

    public static CheddarDocument Read(XDocument document)
    {
        var root = document.Root ?? throw new FormatException("The response has no root element.");
        var errors = root.Name.LocalName == "error"
            ? [CheddarErrorElement.Parse(root)]
            : root.Descendants("errors").SelectMany(e => e.Elements("error")).Select(CheddarErrorElement.Parse).ToList();
        return root.Name.LocalName switch
        {
            "plans" => new CheddarDocument { Plans = root.Elements("plan").Select(ReadPlan).ToList(), Errors = errors },
            "customers" => new CheddarDocument { Customers = root.Elements("customer").Select(ReadCustomer).ToList(), Errors = errors },
            "promotions" => new CheddarDocument { Promotions = root.Elements("promotion").Select(ReadPromotion).ToList(), Errors = errors },
            "error" => new CheddarDocument { Errors = errors },
            var other => throw new FormatException($"Unexpected Cheddar document <{other}>."),
        };
    }

    public static Plan ReadPlan(XElement plan) => new()
    {
        Id = RequiredAttribute(plan, "id"),
        Code = RequiredAttribute(plan, "code"),
        Name = Text(plan, "name") ?? RequiredAttribute(plan, "code"),
        DisplayName = Text(plan, "displayName"),
        Description = Text(plan, "description"),
        IsActive = Bool(plan, "isActive"),
        IsFree = Bool(plan, "isFree"),
        PaymentMethodIsRequired = NullableBool(plan, "paymentMethodIsRequired"),
        TrialDays = Int(plan, "trialDays"),
        InitialBillCount = Int(plan, "initialBillCount"),
        InitialBillCountUnit = Text(plan, "initialBillCountUnit"),
        InitialInvoiceBillingDatetime = DateTime(plan, "initialInvoiceBillingDatetime"),
        BillingFrequency = Text(plan, "billingFrequency"),
        BillingFrequencyPer = Text(plan, "billingFrequencyPer"),
        BillingFrequencyUnit = Text(plan, "billingFrequencyUnit"),
        BillingFrequencyQuantity = Int(plan, "billingFrequencyQuantity"),
        NextInvoiceBillingDatetime = DateTime(plan, "nextInvoiceBillingDatetime"),
        SetupChargeCode = Text(plan, "setupChargeCode"),
        SetupChargeAmount = Decimal(plan, "setupChargeAmount"),
        RecurringChargeCode = Text(plan, "recurringChargeCode"),
        RecurringChargeAmount = Decimal(plan, "recurringChargeAmount"),
        OnChangeInitialBillHandler = Text(plan, "onChangeInitialBillHandler"),
        SetupChargeBillHandler = Text(plan, "setupChargeBillHandler"),
        OnChangeSetupChargeBillHandler = Text(plan, "onChangeSetupChargeBillHandler"),
        CreatedDatetime = DateTime(plan, "createdDatetime"),
        Items = Children(plan, "items", "item").Select(item => new PlanItem
        {
            Id = RequiredAttribute(item, "id"),
            Code = RequiredAttribute(item, "code"),
            Name = Text(item, "name") ?? RequiredAttribute(item, "code"),
            QuantityIncluded = Decimal(item, "quantityIncluded"),
            IsPeriodic = Bool(item, "isPeriodic"),
            OverageAmount = Decimal(item, "overageAmount"),
            CreatedDatetime = DateTime(item, "createdDatetime"),
        }).ToList(),
    };

    public static Customer ReadCustomer(XElement customer) => new()
    {
        Id = RequiredAttribute(customer, "id"),
        Code = RequiredAttribute(customer, "code"),
        FirstName = Text(customer, "firstName"),
        LastName = Text(customer, "lastName"),
        Company = Text(customer, "company"),
        Email = Text(customer, "email"),
        Notes = Text(customer, "notes"),
        GatewayToken = Text(customer, "gatewayToken"),
        IsVatExempt = Bool(customer, "isVatExempt"),
        VatNumber = Text(customer, "vatNumber"),
        FirstContactDatetime = DateTime(customer, "firstContactDatetime"),
        Referer = Text(customer, "referer"),
        RefererHost = Text(customer, "refererHost"),
        CampaignSource = Text(customer, "campaignSource"),
        CampaignMedium = Text(customer, "campaignMedium"),
        CampaignTerm = Text(customer, "campaignTerm"),
        CampaignContent = Text(customer, "campaignContent"),
        CampaignName = Text(customer, "campaignName"),
        Key = Text(customer, "key"),
        CreatedDatetime = DateTime(customer, "createdDatetime"),
        ModifiedDatetime = DateTime(customer, "modifiedDatetime"),
        MetaData = Children(customer, "metaData", "metaDatum").Select(datum => new MetaDatum
        {
            Id = Attribute(datum, "id"),
            Name = Text(datum, "name") ?? "",
            Value = datum.Element("value")?.Value,
            CreatedDatetime = DateTime(datum, "createdDatetime"),
            ModifiedDatetime = DateTime(datum, "modifiedDatetime"),
        }).ToList(),
        Subscriptions = Children(customer, "subscriptions", "subscription").Select(ReadSubscription).ToList(),
    };

    public static Subscription ReadSubscription(XElement subscription) => new()
    {
        Id = RequiredAttribute(subscription, "id"),
        Plan = Children(subscription, "plans", "plan").Select(ReadPlan).FirstOrDefault()
            ?? throw new FormatException("<subscription> has no <plans><plan>."),
        GatewayToken = Text(subscription, "gatewayToken"),
        GatewayAccount = ReadGatewayAccount(subscription.Element("gatewayAccount")),
        RedirectUrl = Text(subscription, "redirectUrl"),
        CcFirstName = Text(subscription, "ccFirstName"),
        CcLastName = Text(subscription, "ccLastName"),
        CcCompany = Text(subscription, "ccCompany"),
        CcCountry = Text(subscription, "ccCountry"),
        CcAddress = Text(subscription, "ccAddress"),
        CcCity = Text(subscription, "ccCity"),
        CcState = Text(subscription, "ccState"),
        CcZip = Text(subscription, "ccZip"),
        CcType = Text(subscription, "ccType"),
        CcLastFour = Text(subscription, "ccLastFour"),
        CcExpirationDate = DateTime(subscription, "ccExpirationDate"),
        CcEmail = Text(subscription, "ccEmail"),
        CouponCode = Text(subscription, "couponCode"),
        CancelType = Text(subscription, "cancelType"),
        CancelReason = Text(subscription, "cancelReason"),
        CanceledDatetime = DateTime(subscription, "canceledDatetime"),
        CreatedDatetime = DateTime(subscription, "createdDatetime"),
        Items = Children(subscription, "items", "item").Select(item => new SubscriptionItem
        {
            Id = Attribute(item, "id") ?? "",
            Code = RequiredAttribute(item, "code"),
            Name = Text(item, "name"),
            Quantity = Decimal(item, "quantity"),
            CreatedDatetime = DateTime(item, "createdDatetime"),
            ModifiedDatetime = DateTime(item, "modifiedDatetime"),
        }).ToList(),
        Invoices = Children(subscription, "invoices", "invoice").Select(ReadInvoice).ToList(),
    };

    public static Invoice ReadInvoice(XElement invoice) => new()
    {
        Id = RequiredAttribute(invoice, "id"),
        Number = Int(invoice, "number"),
        Type = Text(invoice, "type"),
        VatRate = NullableDecimal(invoice, "vatRate"),
        BillingDatetime = DateTime(invoice, "billingDatetime"),
        PaidTransactionId = Text(invoice, "paidTransactionId"),
        CreatedDatetime = DateTime(invoice, "createdDatetime"),
        Charges = Children(invoice, "charges", "charge").Select(charge => new Charge
        {
            Id = Attribute(charge, "id"),
            Code = Attribute(charge, "code") ?? "",
            Type = Text(charge, "type"),
            Quantity = Decimal(charge, "quantity"),
            EachAmount = Decimal(charge, "eachAmount"),
            Description = Text(charge, "description"),
            CreatedDatetime = DateTime(charge, "createdDatetime"),
        }).ToList(),
        Transactions = Children(invoice, "transactions", "transaction").Select(transaction => new Transaction
        {
            Id = RequiredAttribute(transaction, "id"),
            Code = Attribute(transaction, "code"),
            ParentId = Text(transaction, "parentId"),
            GatewayToken = Text(transaction, "gatewayToken"),
            Amount = Decimal(transaction, "amount"),
            Memo = Text(transaction, "memo"),
            Response = Text(transaction, "response"),
            ResponseReason = Text(transaction, "responseReason"),
            TransactedDatetime = DateTime(transaction, "transactedDatetime"),
            CreatedDatetime = DateTime(transaction, "createdDatetime"),
            GatewayAccount = ReadGatewayAccount(transaction.Element("gatewayAccount")),
        }).ToList(),
    };

    public static Promotion ReadPromotion(XElement promotion) => new()
    {
        Id = RequiredAttribute(promotion, "id"),
        Name = Text(promotion, "name") ?? "",
        Description = Text(promotion, "description"),
        CreatedDatetime = DateTime(promotion, "createdDatetime"),
        Plans = Children(promotion, "plans", "plan").Select(plan => new PromotionPlan
        {
            Id = Attribute(plan, "id"),
            Code = Attribute(plan, "code") ?? Text(plan, "code") ?? "",
            Name = Text(plan, "name"),
        }).ToList(),
        Incentives = Children(promotion, "incentives", "incentive").Select(incentive => new Incentive
        {
            Id = Attribute(incentive, "id"),
            Type = Text(incentive, "type"),
            Percentage = NullableDecimal(incentive, "percentage"),
            Months = NullableInt(incentive, "months"),
            CreatedDatetime = DateTime(incentive, "createdDatetime"),
        }).ToList(),
        Coupons = Children(promotion, "coupons", "coupon").Select(coupon => new Coupon
        {
            Id = Attribute(coupon, "id"),
            Code = Attribute(coupon, "code") ?? Text(coupon, "code") ?? "",
            MaxRedemptions = Int(coupon, "maxRedemptions"),
            ExpirationDatetime = DateTime(coupon, "expirationDatetime"),
            CreatedDatetime = DateTime(coupon, "createdDatetime"),
        }).ToList(),
    };

    private static GatewayAccount? ReadGatewayAccount(XElement? account) =>
        account is null || !account.HasElements
            ? null
            : new GatewayAccount { Id = Text(account, "id"), Gateway = Text(account, "gateway"), Type = Text(account, "type") };
}
