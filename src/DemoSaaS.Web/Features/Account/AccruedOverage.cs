using DemoSaaS.Cheddar.Models;

namespace DemoSaaS.Web.Features.Account;

/// <summary>
/// The overage the current period has run up so far: the item lines of Cheddar's open invoice, priced by the plan the
/// usage was recorded on. A plan change or cancel bills exactly this at once (docs/decisions/0006), so the dialogs
/// show it before the user confirms.
/// </summary>
public sealed record AccruedOverage
{
    public static AccruedOverage None { get; } = new();

    /// <summary>Billable item lines (quantity above the included units, at the overage price).</summary>
    public IReadOnlyList<Charge> Lines { get; init; } = [];

    public decimal Total => Lines.Sum(l => l.Amount);

    public bool IsEmpty => Total <= 0;

    public static AccruedOverage For(AccountOverview account)
    {
        if (account.IsCanceled || account.Customer?.CurrentSubscription is not { } subscription
            || subscription.CurrentInvoice is not { IsPaid: false } open
            || string.Equals(open.Type, Invoice.OneTimeType, StringComparison.Ordinal))
        {
            return None;
        }
        return new AccruedOverage
        {
            Lines = open.Charges.Where(c => string.Equals(c.Type, "item", StringComparison.Ordinal) && c.Quantity > 0 && c.EachAmount > 0).ToList(),
        };
    }

    /// <summary>"5.00 of Pro overage used this period (100 reports at 0.05) is billed now, to your card on file."</summary>
    public string Describe(AccountOverview account, string occasion)
    {
        var names = account.Usage.ToDictionary(u => u.ItemCode, u => u.Name.ToLowerInvariant(), StringComparer.Ordinal);
        var lines = string.Join(", ", Lines.Select(l =>
            $"{PlanChangePreview.Quantity(l.Quantity)} {names.GetValueOrDefault(l.Code, l.Code)} at {PlanChangePreview.Money(l.EachAmount)}"));
        var card = account.Card is { } c ? $"your {c.TypeName} ending {c.LastFour}" : "your card on file";
        return $"{PlanChangePreview.Money(Total)} of {account.Plan?.Name} overage used this period ({lines}) is billed {occasion}, to {card}: "
            + "usage is never dropped by a plan change.";
    }
}
