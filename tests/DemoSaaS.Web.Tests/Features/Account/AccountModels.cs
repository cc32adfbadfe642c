using DemoSaaS.Cheddar.Models;
using DemoSaaS.Web.Features.Account;
using DemoSaaS.Web.Features.Billing.Usage;

namespace DemoSaaS.Web.Tests.Features.Account;

/// <summary>Cheddar customer documents as the client returns them, for rendering components with known data.</summary>
public static class AccountModels
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static Plan Free => new()
    {
        Id = "p-free", Code = "FREE", Name = "Free", IsActive = true, IsFree = true, InitialBillCount = 1, InitialBillCountUnit = "months",
        Items = [new PlanItem { Id = "i-r", Code = "REPORTS", Name = "Reports", QuantityIncluded = 20 }],
    };

    public static Plan Pro => new()
    {
        Id = "p-pro", Code = "PRO", Name = "Pro", IsActive = true, RecurringChargeAmount = 19m, InitialBillCount = 14, InitialBillCountUnit = "days",
        Items =
        [
            new PlanItem { Id = "i-r", Code = "REPORTS", Name = "Reports", QuantityIncluded = 500, OverageAmount = 0.05m },
            new PlanItem { Id = "i-e", Code = "EXPORTS", Name = "Exports", QuantityIncluded = 100, OverageAmount = 0.10m },
        ],
    };

    public static Plan Team => new()
    {
        Id = "p-team", Code = "TEAM", Name = "Team", IsActive = true, RecurringChargeAmount = 49m,
        Items =
        [
            new PlanItem { Id = "i-r", Code = "REPORTS", Name = "Reports", QuantityIncluded = 5000, OverageAmount = 0.05m },
            new PlanItem { Id = "i-e", Code = "EXPORTS", Name = "Exports", QuantityIncluded = 1000, OverageAmount = 0.10m },
        ],
    };

    public static IReadOnlyList<Plan> Plans => [Free, Pro, Team];

    public static Invoice Open(decimal recurring, DateTimeOffset billing, params Charge[] more) => new()
    {
        Id = Guid.NewGuid().ToString(), Number = 10, Type = Invoice.SubscriptionType, BillingDatetime = billing,
        Charges = [new Charge { Code = "PLAN", Type = "recurring", Quantity = 1, EachAmount = recurring }, .. more],
    };

    public static Invoice Paid(int number, decimal amount, DateTimeOffset billing, string type = Invoice.SubscriptionType, string code = "PLAN") => new()
    {
        Id = Guid.NewGuid().ToString(), Number = number, Type = type, BillingDatetime = billing, PaidTransactionId = "t" + number,
        Charges = [new Charge { Code = code, Type = type == Invoice.OneTimeType ? "custom" : "recurring", Quantity = 1, EachAmount = amount, Description = type == Invoice.OneTimeType ? "Report pack: 100 extra reports this period" : null }],
        Transactions = [new Transaction { Id = "t" + number, Amount = amount, Response = "approved", TransactedDatetime = billing }],
    };

    public static Invoice Declined(int number, decimal amount, DateTimeOffset billing) => new()
    {
        Id = Guid.NewGuid().ToString(), Number = number, Type = Invoice.SubscriptionType, BillingDatetime = billing,
        Charges = [new Charge { Code = "PLAN", Type = "recurring", Quantity = 1, EachAmount = amount }],
        Transactions = [new Transaction { Id = "d" + number, Amount = amount, Response = "declined", ResponseReason = "The transaction was declined", TransactedDatetime = billing }],
    };

    public static Customer Customer(Plan plan, IReadOnlyList<Invoice> invoices, IReadOnlyList<SubscriptionItem>? items = null,
        bool card = true, DateTimeOffset? canceled = null, string? cancelType = null, string? coupon = null, DateTimeOffset? created = null) => new()
    {
        Id = "c1", Code = "user-1", ModifiedDatetime = Now.AddDays(-1),
        Subscriptions =
        [
            new Subscription
            {
                Id = "s1", Plan = plan, Invoices = invoices, Items = items ?? [], CreatedDatetime = created ?? Now.AddDays(-40),
                CcType = card ? "visa" : null, CcLastFour = card ? "4242" : null, CcExpirationDate = card ? new DateTimeOffset(2031, 12, 31, 0, 0, 0, TimeSpan.Zero) : null,
                CanceledDatetime = canceled, CancelType = cancelType, CouponCode = coupon,
            },
        ],
    };

    public static SubscriptionItem Used(string code, decimal quantity) => new() { Id = "i-" + code, Code = code, Quantity = quantity };

    /// <summary>The page's model for a customer document, with nothing pending or covered here (usage is Cheddar's and the packs').</summary>
    public static AccountOverview Overview(Customer? customer, IReadOnlyList<BillingEventLine>? events = null) =>
        AccountOverview.Create("user-1", customer, Plans, events ?? [], Now, UsageAtCheddar(customer));

    private static List<QuotaUsage> UsageAtCheddar(Customer? customer) =>
        customer?.CurrentSubscription?.Usage
            .Select(item => UsageAgainstQuota.Measure(item, pending: 0, coveredByPacks: 0,
                ReportPackCredit.UnitsFor(customer, item.ItemCode, BillingClock.Now(customer, Now), new ReportPackOptions())))
            .ToList() ?? [];
}
