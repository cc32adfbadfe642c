namespace DemoSaaS.CheddarSandbox.Catalog;

/// <summary>A pricing plan (configuration shape). Always billed monthly.</summary>
public sealed class PlanDefinition
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public decimal RecurringChargeAmount { get; set; }
    public decimal SetupChargeAmount { get; set; }

    /// <summary>Delay from signup to the first invoice. 0 = billed at signup.</summary>
    public int InitialBillCount { get; set; } = 1;

    /// <summary>"months" or "days".</summary>
    public string InitialBillCountUnit { get; set; } = "months";

    /// <summary>Shown as trialDays; informational (the initial bill delay drives billing).</summary>
    public int TrialDays { get; set; }

    /// <summary>Whether signup without card data is refused. Free plans never require one.</summary>
    public bool PaymentMethodIsRequired { get; set; } = true;

    public List<PlanItemDefinition> Items { get; set; } = [];

    public bool IsFree => RecurringChargeAmount == 0m && SetupChargeAmount == 0m && Items.All(i => i.OverageAmount == 0m);
}
