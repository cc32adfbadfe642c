namespace DemoSaaS.Cheddar.Models;

/// <summary>
/// One subscription of a customer. Cheddar has no status field: state is derived from
/// <see cref="CanceledDatetime"/>, <see cref="CancelType"/> and the invoices (see the helpers below).
/// </summary>
public sealed record Subscription
{
    /// <summary><see cref="CancelType"/> while a PayPal preapproval waits for the user.</summary>
    public const string PayPalWaitCancelType = "paypal-wait";

    public required string Id { get; init; }

    /// <summary>The plan this subscription is on (Cheddar nests exactly one).</summary>
    public required Plan Plan { get; init; }

    public string? GatewayToken { get; init; }
    public GatewayAccount? GatewayAccount { get; init; }

    /// <summary>PayPal preapproval URL; only while the preapproval is pending.</summary>
    public string? RedirectUrl { get; init; }

    public string? CcFirstName { get; init; }
    public string? CcLastName { get; init; }
    public string? CcCompany { get; init; }
    public string? CcCountry { get; init; }
    public string? CcAddress { get; init; }
    public string? CcCity { get; init; }
    public string? CcState { get; init; }
    public string? CcZip { get; init; }

    /// <summary><c>visa</c>, <c>mc</c>, <c>disc</c>, <c>amex</c>, <c>diners</c>, <c>jcb</c> or <c>unk</c>.</summary>
    public string? CcType { get; init; }

    public string? CcLastFour { get; init; }

    /// <summary>Last day of the card's expiry month.</summary>
    public DateTimeOffset? CcExpirationDate { get; init; }

    public string? CcEmail { get; init; }
    public string? CouponCode { get; init; }

    /// <summary>Why it is canceled: <c>customer</c>, <c>declined</c>, <c>expired</c>, <c>paypal-wait</c>, <c>unknown</c>; null while active.</summary>
    public string? CancelType { get; init; }

    public string? CancelReason { get; init; }
    public DateTimeOffset? CanceledDatetime { get; init; }
    public DateTimeOffset? CreatedDatetime { get; init; }
    public IReadOnlyList<SubscriptionItem> Items { get; init; } = [];

    /// <summary>Invoices, the current (upcoming) one first.</summary>
    public IReadOnlyList<Invoice> Invoices { get; init; } = [];

    /// <summary>Cheddar's rule: the first invoice is the current (open, next-to-bill) one.</summary>
    public Invoice? CurrentInvoice => Invoices.Count > 0 ? Invoices[0] : null;

    /// <summary>Not canceled, or canceled only from a future instant on (Cheddar's official clients use this rule).</summary>
    public bool IsActive(DateTimeOffset asOf) => CanceledDatetime is null || CanceledDatetime > asOf;

    /// <summary>Canceled while a PayPal preapproval waits for the customer.</summary>
    public bool IsPayPalPending(DateTimeOffset asOf) =>
        !IsActive(asOf) && string.Equals(CancelType, PayPalWaitCancelType, StringComparison.Ordinal);

    /// <summary>
    /// Active on a paid plan whose first bill is still in the future and nothing was ever transacted:
    /// Cheddar represents a trial as a delayed first invoice.
    /// </summary>
    public bool IsInTrial(DateTimeOffset asOf) =>
        IsActive(asOf)
        && !Plan.IsFree
        && CurrentInvoice is { } invoice
        && invoice.BillingDatetime > asOf
        && Invoices.All(i => i.Transactions.Count == 0 && i.PaidTransactionId is null);

    /// <summary>Unpaid invoices whose bill date has passed (declined and in dunning, or not yet run).</summary>
    public IReadOnlyList<Invoice> OutstandingInvoices(DateTimeOffset asOf) =>
        Invoices.Where(i => i.PaidTransactionId is null && i.BillingDatetime <= asOf && i.Total > 0).ToList();

    /// <summary>Active but with an outstanding invoice: a payment failed and Cheddar is retrying (dunning).</summary>
    public bool IsPastDue(DateTimeOffset asOf) => IsActive(asOf) && OutstandingInvoices(asOf).Count > 0;

    /// <summary>Usage of every tracked item of the plan (items never used count as 0).</summary>
    public IReadOnlyList<ItemUsage> Usage =>
        Plan.Items.Select(planItem => ToUsage(planItem, Items.FirstOrDefault(i => string.Equals(i.Code, planItem.Code, StringComparison.Ordinal))))
            .Concat(Items.Where(i => Plan.FindItem(i.Code) is null).Select(i => ToUsage(null, i)))
            .ToList();

    /// <summary>Usage of one tracked item, or null when neither the plan nor the subscription knows it.</summary>
    public ItemUsage? FindUsage(string itemCode) => Usage.FirstOrDefault(u => string.Equals(u.ItemCode, itemCode, StringComparison.Ordinal));

    private static ItemUsage ToUsage(PlanItem? planItem, SubscriptionItem? item) => new()
    {
        ItemCode = planItem?.Code ?? item!.Code,
        Name = planItem?.Name ?? item?.Name,
        Used = item?.Quantity ?? 0,
        Included = planItem?.QuantityIncluded ?? 0,
        OverageAmount = planItem?.OverageAmount ?? 0,
        IsUnlimited = planItem?.IsUnlimited ?? false,
    };
}
