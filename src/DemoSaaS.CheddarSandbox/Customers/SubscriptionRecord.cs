using System.Text.Json.Serialization;

namespace DemoSaaS.CheddarSandbox.Customers;

/// <summary>One subscription of a customer. Card data kept: holder/address fields, type, last four and expiry only.</summary>
public sealed class SubscriptionRecord
{
    public required string Id { get; set; }
    public required string PlanCode { get; set; }
    public string GatewayToken { get; set; } = "";
    public string CcFirstName { get; set; } = "";
    public string CcLastName { get; set; } = "";
    public string CcCompany { get; set; } = "";
    public string CcCountry { get; set; } = "";
    public string CcAddress { get; set; } = "";
    public string CcCity { get; set; } = "";
    public string CcState { get; set; } = "";
    public string CcZip { get; set; } = "";
    public string CcType { get; set; } = "";
    public string CcLastFour { get; set; } = "";
    public DateTimeOffset? CcExpirationDate { get; set; }
    public string CouponCode { get; set; } = "";

    /// <summary>How many billed invoices already carried the coupon's discount.</summary>
    public int DiscountedPeriods { get; set; }

    public string CancelType { get; set; } = "";
    public string CancelReason { get; set; } = "";
    public DateTimeOffset? CanceledDatetime { get; set; }
    public DateTimeOffset CreatedDatetime { get; set; }

    /// <summary>Bill dates are anchor + n months, so a 31st anchor bills on the last day of short months and returns to the 31st.</summary>
    public DateTimeOffset? BillingAnchor { get; set; }
    public int PeriodsSinceAnchor { get; set; }

    public List<ItemUsageRecord> Items { get; set; } = [];

    /// <summary>Current (open) invoice first, then newest to oldest.</summary>
    public List<InvoiceRecord> Invoices { get; set; } = [];

    // Derived values below are not stored (OpenInvoice would store the open invoice twice).
    [JsonIgnore]
    public bool HasCard => CcLastFour.Length > 0;

    [JsonIgnore]
    public bool IsCanceled => CanceledDatetime is not null;

    [JsonIgnore]
    public InvoiceRecord? OpenInvoice => Invoices.FirstOrDefault(i => i.Type == InvoiceRecord.SubscriptionType && !i.IsBilled);

    [JsonIgnore]
    public InvoiceRecord? OutstandingInvoice =>
        Invoices.FirstOrDefault(i => i.IsBilled && i.PaidTransactionId is null && !i.IsVoided);
}
