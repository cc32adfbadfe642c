using System.Globalization;
using DemoSaaS.Cheddar.Models;

namespace DemoSaaS.Web.Features.Account;

/// <summary>
/// What a plan change (or resubscription) will do, in the words of the confirmation dialog: what is charged and
/// when, whether a card is needed, and what happens to usage above the new plan's quota.
/// </summary>
public sealed record PlanChangePreview
{
    public required Plan Target { get; init; }

    /// <summary>True when the customer is canceled and this starts a new subscription.</summary>
    public bool IsResubscribe { get; init; }

    /// <summary>A paid plan and no usable card on file: the dialog asks for one.</summary>
    public bool NeedsCard { get; init; }

    /// <summary>What will be charged and when.</summary>
    public required string ChargeSummary { get; init; }

    /// <summary>Set when current usage is above what the new plan allows (or a feature goes away).</summary>
    public string? QuotaWarning { get; init; }

    /// <summary>The overage used so far on the current plan, which the change bills at once (ADR 0006).</summary>
    public AccruedOverage Overage { get; init; } = AccruedOverage.None;

    /// <summary>What the change bills at once for usage so far; null when nothing.</summary>
    public string? OverageSummary { get; init; }

    /// <summary>
    /// From free to a plan with a trial, for a customer who already held a paid plan: one trial per customer, so the
    /// plan is billed at once (the change asks Cheddar for changeBillDate=now, so this holds whatever Cheddar's own rule).
    /// </summary>
    public bool TrialAlreadyUsed { get; init; }

    public static PlanChangePreview For(AccountOverview account, Plan target)
    {
        var now = account.AsOf;
        var price = Money(target.RecurringChargeAmount);
        var resubscribe = account.IsCanceled || !account.HasSubscription;
        var cardUsable = account.Card is not null && !(account.IsCanceled && account.CancelType == "declined");
        var trialAlreadyUsed = false;
        string summary;
        if (target.IsFree || target.RecurringChargeAmount == 0)
        {
            summary = account.Plan is { IsFree: false } && !resubscribe
                ? $"Nothing is charged. {target.Name} is free, so no further plan charges are made"
                    + (account.NextBillDate is { } next ? $" (your {Date(next)} bill will not include the {account.Plan.Name} price)." : ".")
                : $"Nothing is charged: {target.Name} is free.";
        }
        else if (resubscribe)
        {
            summary = $"{price} is charged now, then {price} every month from {Date(now.AddMonths(1))}.";
        }
        else if (account.Plan is { IsFree: true } || account.Plan is null)
        {
            var firstBill = FirstBill(target, now);
            trialAlreadyUsed = firstBill > now && HadPaidPlan(account);
            summary = firstBill <= now
                ? $"{price} is charged now, then {price} every month from {Date(now.AddMonths(1))}."
                : trialAlreadyUsed
                    ? $"{price} is charged now, then {price} every month from {Date(now.AddMonths(1))}. The free trial is once per customer, and you have had yours."
                    : $"Nothing is charged today: your {TrialLength(target)} trial starts now. {price} is charged on {Date(firstBill)}, then every month.";
        }
        else
        {
            summary = account.NextBillDate is { } next
                ? $"Nothing is charged now. From your next bill on {Date(next)} you pay {price} a month instead of {Money(account.Plan.RecurringChargeAmount)}."
                : $"Nothing is charged now; {price} a month from your next bill.";
        }

        if (!target.IsFree && target.RecurringChargeAmount > 0 && account.CouponCode is { } coupon && !resubscribe)
        {
            summary += $" Prices are before your coupon {coupon}, which Cheddar applies where it is valid.";
        }

        var overage = resubscribe ? AccruedOverage.None : AccruedOverage.For(account);
        return new PlanChangePreview
        {
            Target = target,
            IsResubscribe = resubscribe,
            // Every paid plan needs a card in this app (as at signup), whatever the plan's paymentMethodIsRequired says.
            NeedsCard = !target.IsFree && target.RecurringChargeAmount > 0 && !cardUsable,
            ChargeSummary = summary,
            QuotaWarning = QuotaWarningFor(account, target),
            Overage = overage,
            OverageSummary = overage.IsEmpty ? null : overage.Describe(account, "now, with the change"),
            TrialAlreadyUsed = trialAlreadyUsed,
        };
    }

    /// <summary>Cheddar keeps every earlier subscription: any of them on a paid plan means the trial was had.</summary>
    private static bool HadPaidPlan(AccountOverview account) =>
        account.Customer?.Subscriptions.Any(s => !s.Plan.IsFree && s.Plan.RecurringChargeAmount > 0) == true;

    private static string? QuotaWarningFor(AccountOverview account, Plan target)
    {
        var warnings = new List<string>();
        foreach (var usage in account.Usage)
        {
            var item = target.FindItem(usage.ItemCode);
            if (item is null || (item.QuantityIncluded <= 0 && item.OverageAmount <= 0 && !item.IsUnlimited))
            {
                if (usage.Used > 0 || account.Plan?.FindItem(usage.ItemCode) is not null)
                {
                    warnings.Add($"{usage.Name} are not part of {target.Name}: they lock as soon as you switch.");
                }
                continue;
            }
            var allowance = item.QuantityIncluded + usage.PackCredit;
            if (!item.IsUnlimited && item.OverageAmount == 0 && usage.Used >= allowance)
            {
                var reset = account.NextBillDate is { } next ? $"when your usage resets on {Date(next)}" : "when your usage resets at the next billing period";
                warnings.Add($"You have used {Quantity(usage.Used)} {usage.Name.ToLowerInvariant()} this period and {target.Name} includes {Quantity(allowance)}: "
                    + $"new {usage.Name.ToLowerInvariant()} stay locked until {reset}, unless you buy a report pack or upgrade again.");
            }
            else if (!item.IsUnlimited && usage.Used >= allowance)
            {
                // What was used so far is settled under the current plan at the change; the new plan bills what comes after.
                warnings.Add($"You have used {Quantity(usage.Used)} {usage.Name.ToLowerInvariant()} and {target.Name} includes {Quantity(allowance)}: "
                    + $"each further one this period is billed as overage at {Money(item.OverageAmount)}.");
            }
        }
        return warnings.Count == 0 ? null : string.Join(" ", warnings);
    }

    /// <summary>A plan's first bill after signing up to it: its initial bill delay (the trial) from now.</summary>
    private static DateTimeOffset FirstBill(Plan plan, DateTimeOffset now) => plan.InitialBillCountUnit switch
    {
        _ when plan.InitialBillCount <= 0 => now,
        "months" => now.AddMonths(plan.InitialBillCount),
        _ => now.AddDays(plan.InitialBillCount),
    };

    private static string TrialLength(Plan plan) =>
        plan.InitialBillCountUnit == "months" ? $"{plan.InitialBillCount}-month" : $"{plan.InitialBillCount}-day";

    internal static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    internal static string Quantity(decimal amount) => amount.ToString("0.####", CultureInfo.InvariantCulture);

    internal static string Date(DateTimeOffset at) => at.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
