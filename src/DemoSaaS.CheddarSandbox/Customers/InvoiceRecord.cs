namespace DemoSaaS.CheddarSandbox.Customers;

public sealed class InvoiceRecord
{
    public const string SubscriptionType = "subscription";
    public const string OneTimeType = "one-time";

    public required string Id { get; set; }
    public int Number { get; set; }
    public string Type { get; set; } = SubscriptionType;
    public DateTimeOffset BillingDatetime { get; set; }
    public DateTimeOffset CreatedDatetime { get; set; }
    public string? PaidTransactionId { get; set; }

    /// <summary>Closed: item overage and discounts are frozen into <see cref="Charges"/> and the invoice was charged at least once.</summary>
    public bool IsBilled { get; set; }
    public bool IsVoided { get; set; }
    public int FailedAttempts { get; set; }
    public DateTimeOffset? NextAttemptDatetime { get; set; }
    public List<ChargeRecord> Charges { get; set; } = [];

    /// <summary>Tracked-item usage of the period this invoice closed (so invoicePeriod=outstanding can still adjust it).</summary>
    public Dictionary<string, decimal> ClosedUsage { get; set; } = [];
    public List<TransactionRecord> Transactions { get; set; } = [];
}
