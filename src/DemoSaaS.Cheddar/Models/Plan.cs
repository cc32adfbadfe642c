namespace DemoSaaS.Cheddar.Models;

/// <summary>A pricing plan (Cheddar's <c>&lt;plan&gt;</c>). Fields added in 2011 are nullable: older products omit them.</summary>
public sealed record Plan
{
    public required string Id { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? DisplayName { get; init; }
    public string? Description { get; init; }

    /// <summary>The plan can be used for new signups.</summary>
    public bool IsActive { get; init; }

    /// <summary>The plan never charges; signups need no payment method.</summary>
    public bool IsFree { get; init; }

    public bool? PaymentMethodIsRequired { get; init; }
    public int TrialDays { get; init; }

    /// <summary>Delay from signup to the first bill, e.g. 14 days or 1 month (a "trial" in Cheddar terms).</summary>
    public int InitialBillCount { get; init; }

    /// <summary><c>days</c> or <c>months</c>.</summary>
    public string? InitialBillCountUnit { get; init; }

    public DateTimeOffset? InitialInvoiceBillingDatetime { get; init; }
    public string? BillingFrequency { get; init; }
    public string? BillingFrequencyPer { get; init; }
    public string? BillingFrequencyUnit { get; init; }
    public int BillingFrequencyQuantity { get; init; }
    public DateTimeOffset? NextInvoiceBillingDatetime { get; init; }
    public string? SetupChargeCode { get; init; }
    public decimal SetupChargeAmount { get; init; }
    public string? RecurringChargeCode { get; init; }
    public decimal RecurringChargeAmount { get; init; }
    public string? OnChangeInitialBillHandler { get; init; }
    public string? SetupChargeBillHandler { get; init; }
    public string? OnChangeSetupChargeBillHandler { get; init; }
    public DateTimeOffset? CreatedDatetime { get; init; }

    /// <summary>Tracked items with their included quantity and overage price; empty when the plan tracks nothing.</summary>
    public IReadOnlyList<PlanItem> Items { get; init; } = [];

    /// <summary>The plan's tracked item with this code, or null.</summary>
    public PlanItem? FindItem(string itemCode) => Items.FirstOrDefault(i => string.Equals(i.Code, itemCode, StringComparison.Ordinal));
}
