namespace DemoSaaS.CheddarSandbox.Customers;

public sealed class TransactionRecord
{
    public required string Id { get; set; }
    public string? ParentId { get; set; }
    public decimal Amount { get; set; }
    public string Memo { get; set; } = "";

    /// <summary>approved or declined.</summary>
    public required string Response { get; set; }
    public string ResponseReason { get; set; } = "";

    /// <summary>charge, refund or void (sandbox bookkeeping; not on the wire except through memo and parentId).</summary>
    public string Kind { get; set; } = "charge";
    public DateTimeOffset TransactedDatetime { get; set; }
    public DateTimeOffset CreatedDatetime { get; set; }
}
