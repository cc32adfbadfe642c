namespace DemoSaaS.Cheddar.Models;

/// <summary>An invoice: the subscription's upcoming one, a billed one, or a one-time invoice.</summary>
public sealed record Invoice
{
    public const string SubscriptionType = "subscription";
    public const string OneTimeType = "one-time";

    public required string Id { get; init; }
    public int Number { get; init; }

    /// <summary><c>subscription</c> or <c>one-time</c>.</summary>
    public string? Type { get; init; }

    public decimal? VatRate { get; init; }
    public DateTimeOffset? BillingDatetime { get; init; }

    /// <summary>The transaction that paid it; null while unpaid.</summary>
    public string? PaidTransactionId { get; init; }

    public DateTimeOffset? CreatedDatetime { get; init; }
    public IReadOnlyList<Charge> Charges { get; init; } = [];

    /// <summary>Transactions run against the invoice (absent until it was transacted).</summary>
    public IReadOnlyList<Transaction> Transactions { get; init; } = [];

    public bool IsPaid => PaidTransactionId is not null;

    /// <summary>Sum of all charge lines (credits are negative), before tax.</summary>
    public decimal Total => Charges.Sum(c => c.Amount);
}
