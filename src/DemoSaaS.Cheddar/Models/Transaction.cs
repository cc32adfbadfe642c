namespace DemoSaaS.Cheddar.Models;

/// <summary>A payment attempt (or refund/void) against an invoice.</summary>
public sealed record Transaction
{
    public const string ApprovedResponse = "approved";
    public const string DeclinedResponse = "declined";

    public required string Id { get; init; }
    public string? Code { get; init; }

    /// <summary>For refunds and voids: the original transaction.</summary>
    public string? ParentId { get; init; }

    public string? GatewayToken { get; init; }
    public decimal Amount { get; init; }
    public string? Memo { get; init; }

    /// <summary>Result word, e.g. <c>approved</c> or <c>declined</c>.</summary>
    public string? Response { get; init; }

    public string? ResponseReason { get; init; }
    public DateTimeOffset? TransactedDatetime { get; init; }
    public DateTimeOffset? CreatedDatetime { get; init; }
    public GatewayAccount? GatewayAccount { get; init; }

    public bool IsApproved => string.Equals(Response, ApprovedResponse, StringComparison.OrdinalIgnoreCase);
}
