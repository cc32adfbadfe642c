using DemoSaaS.CheddarSandbox.Catalog;
using DemoSaaS.CheddarSandbox.Customers;

namespace DemoSaaS.CheddarSandbox.Billing;

/// <summary>
/// The lines of an invoice. A billed invoice shows its frozen lines; an open one shows, live, the recurring line,
/// one item line per tracked item (quantity = usage above included, at the overage price), custom lines, and the
/// coupon's discount line while the promotion still runs. Usage settled at a plan change is not billed twice.
/// </summary>
public sealed class InvoiceCalculator(SandboxCatalog catalog)
{
    public const string DiscountType = "discount";

    public IReadOnlyList<ChargeRecord> Lines(SubscriptionRecord subscription, InvoiceRecord invoice)
    {
        if (invoice.IsBilled || invoice.Type != InvoiceRecord.SubscriptionType)
        {
            return invoice.Charges;
        }
        var plan = catalog.FindPlan(subscription.PlanCode);
        var lines = new List<ChargeRecord>();
        lines.AddRange(invoice.Charges.Where(c => c.Type is "recurring" or "setup"));
        if (plan is not null)
        {
            foreach (var item in plan.Items)
            {
                var usage = subscription.Items.FirstOrDefault(u => u.ItemCode == item.Code);
                lines.Add(new ChargeRecord
                {
                    Code = item.Code,
                    Type = "item",
                    // Units settled under an earlier plan this period are not billed again (see ItemUsageRecord.SettledQuantity).
                    Quantity = Math.Max(0m, (usage?.Quantity ?? 0m) - Math.Max(item.QuantityIncluded, usage?.SettledQuantity ?? 0m)),
                    EachAmount = item.OverageAmount,
                    CreatedDatetime = usage?.CreatedDatetime,
                });
            }
        }
        lines.AddRange(invoice.Charges.Where(c => c.Type is not ("recurring" or "setup")));
        if (Discount(subscription, invoice, lines) is { } discount)
        {
            lines.Add(discount);
        }
        return lines;
    }

    /// <summary>Freezes the open invoice's lines (item lines only where there is overage).</summary>
    public void Freeze(SubscriptionRecord subscription, InvoiceRecord invoice)
    {
        var lines = Lines(subscription, invoice).Where(l => l.Type != "item" || l.Quantity > 0m).ToList();
        if (lines.Any(l => l.Type == DiscountType))
        {
            subscription.DiscountedPeriods++;
        }
        invoice.ClosedUsage = subscription.Items.ToDictionary(u => u.ItemCode, u => u.Quantity);
        invoice.Charges = lines;
        invoice.IsBilled = true;
    }

    /// <summary>Amount to charge: the sum of the lines, never below zero (credits beyond the total are not paid out).</summary>
    public decimal Total(SubscriptionRecord subscription, InvoiceRecord invoice) =>
        Math.Max(0m, Lines(subscription, invoice).Sum(l => l.Total));

    private ChargeRecord? Discount(SubscriptionRecord subscription, InvoiceRecord invoice, List<ChargeRecord> lines)
    {
        if (subscription.CouponCode.Length == 0 || catalog.FindPromotionByCoupon(subscription.CouponCode) is not { } promotion)
        {
            return null;
        }
        if (promotion.Months > 0 && subscription.DiscountedPeriods >= promotion.Months)
        {
            return null;
        }
        // The percentage applies to the plan price (recurring line), not to usage overage or custom charges.
        var recurring = lines.Where(l => l.Type == "recurring").Sum(l => l.Total);
        var amount = decimal.Round(recurring * promotion.Percentage / 100m, 2, MidpointRounding.AwayFromZero);
        return amount == 0m ? null : new ChargeRecord
        {
            Code = promotion.CouponCode,
            Type = DiscountType,
            Quantity = 1m,
            EachAmount = -amount,
            Description = promotion.Name,
            CreatedDatetime = invoice.BillingDatetime,
        };
    }
}
