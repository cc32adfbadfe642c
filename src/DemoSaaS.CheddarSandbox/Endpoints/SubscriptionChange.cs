using DemoSaaS.CheddarSandbox.Catalog;
using DemoSaaS.CheddarSandbox.Gateway;

namespace DemoSaaS.CheddarSandbox.Endpoints;

/// <summary>A validated edit of a customer's subscription (nothing applied yet).</summary>
/// <param name="Plan">Target plan; differs from the current one on a plan change.</param>
/// <param name="Card">Card fields sent in this call (null: none).</param>
/// <param name="CouponCode">New coupon (null: unchanged).</param>
/// <param name="ChangeBillDate">New next bill date; at or before now means "bill now".</param>
/// <param name="FirstBill">On a plan change or reactivation: the new subscription's first bill (at or before now: charged at once).</param>
public sealed record SubscriptionChange(
    PlanDefinition Plan, bool PlanChanged, bool Reactivates, CardEntry? Card, string? CouponCode, DateTimeOffset? ChangeBillDate, DateTimeOffset? FirstBill);
