namespace DemoSaaS.CheddarSandbox.Catalog;

/// <summary>The DemoSaaS catalog used when configuration names no plans.</summary>
public static class CatalogDefaults
{
    public static List<PlanDefinition> Plans() =>
    [
        new()
        {
            Code = "FREE", Name = "Free", Description = "20 reports a month, no exports.",
            RecurringChargeAmount = 0m, InitialBillCount = 1, InitialBillCountUnit = "months", PaymentMethodIsRequired = false,
            // Overage 0.00: the 21st report in a period is refused (412), which is the app's FREE quota.
            Items = [new() { Code = "REPORTS", Name = "Reports", QuantityIncluded = 20m, OverageAmount = 0m }],
        },
        new()
        {
            Code = "PRO", Name = "Pro", Description = "500 reports and 100 exports a month, 14-day free trial.",
            RecurringChargeAmount = 19m, InitialBillCount = 14, InitialBillCountUnit = "days", TrialDays = 14,
            // A trial may start without a card; a paid subscription still without one at its bill date is canceled.
            PaymentMethodIsRequired = false,
            Items =
            [
                new() { Code = "REPORTS", Name = "Reports", QuantityIncluded = 500m, OverageAmount = 0.05m },
                new() { Code = "EXPORTS", Name = "Exports", QuantityIncluded = 100m, OverageAmount = 0.10m },
            ],
        },
        new()
        {
            Code = "TEAM", Name = "Team", Description = "5000 reports and 1000 exports a month.",
            RecurringChargeAmount = 49m, InitialBillCount = 0, InitialBillCountUnit = "days", PaymentMethodIsRequired = true,
            Items =
            [
                new() { Code = "REPORTS", Name = "Reports", QuantityIncluded = 5000m, OverageAmount = 0.05m },
                new() { Code = "EXPORTS", Name = "Exports", QuantityIncluded = 1000m, OverageAmount = 0.10m },
            ],
        },
    ];

    public static List<PromotionDefinition> Promotions() =>
    [
        new()
        {
            Name = "Launch: 20% off for 3 months", Description = "20% off the plan price for the first 3 billed months.",
            CouponCode = "LAUNCH20", Percentage = 20m, Months = 3, PlanCodes = ["PRO", "TEAM"],
        },
    ];
}
