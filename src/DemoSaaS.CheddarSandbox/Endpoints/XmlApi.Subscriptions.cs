using DemoSaaS.CheddarSandbox.Billing;
using DemoSaaS.CheddarSandbox.Catalog;
using DemoSaaS.CheddarSandbox.Customers;
using DemoSaaS.CheddarSandbox.Gateway;
using DemoSaaS.CheddarSandbox.Xml;

namespace DemoSaaS.CheddarSandbox.Endpoints;

public sealed partial class XmlApi
{
    private SubscriptionChange ValidateSubscriptionChange(ApiCall call, CustomerRecord customer, ParameterScope scope)
    {
        var current = customer.Current;
        var planCode = scope.Get("planCode");
        var plan = string.IsNullOrEmpty(planCode) ? RequirePlanFor(customer) : FindActivePlan(planCode, scope);
        var planChanged = plan.Code != current.PlanCode;
        var reactivates = current.IsCanceled;
        var cardOnFile = reactivates && current.CancelType == "declined" ? null : current;
        DateTimeOffset? firstBill = planChanged || reactivates ? FirstBillAfterChange(customer, plan, reactivates, call.Now) : null;
        var card = ValidateCard(scope, plan, cardOnFile?.HasCard == true ? cardOnFile : null);
        // A paid plan without a payment method on file or in this call is refused (412, the missing card field, as at
        // signup) when the plan requires one, when the change bills at once (no trial left), or on re-subscribing.
        if (card is null && !plan.IsFree && cardOnFile?.HasCard != true
            && (reactivates || (planChanged && (plan.PaymentMethodIsRequired || firstBill <= call.Now))))
        {
            card = SimulatedGateway.ValidateFields(scope, null);
        }
        var coupon = scope.Has("couponCode") ? ValidateCoupon(scope, plan, call.Now) : null;
        DateTimeOffset? changeBillDate = null;
        if (scope.Get("changeBillDate") is { Length: > 0 } raw)
        {
            changeBillDate = raw.Equals("now", StringComparison.OrdinalIgnoreCase) ? call.Now : Date(scope, "changeBillDate");
            // A past date bills now, like "now": anchoring the cycle in the past would make the next bill due at once too.
            if (changeBillDate < call.Now)
            {
                changeBillDate = call.Now;
            }
            if (reactivates)
            {
                throw CheddarApiException.Invalid(scope.Name("changeBillDate"), "The subscription is canceled; its bill date cannot change", "subscriptionCanceled");
            }
        }
        ValidateMethod(scope);
        return new SubscriptionChange(plan, planChanged, reactivates, card, coupon, changeBillDate, firstBill);
    }

    /// <summary>
    /// When the subscription a plan change or reactivation starts first bills. One trial per customer: from free, the
    /// new plan starts like a signup (a trial plan's first bill is delayed) only for a customer who never held a paid
    /// plan; anyone else is billed at once. A reactivated paid subscription bills at once; paid → paid (or paid → free)
    /// keeps the current bill date.
    /// </summary>
    private DateTimeOffset FirstBillAfterChange(CustomerRecord customer, PlanDefinition plan, bool reactivates, DateTimeOffset now)
    {
        if (reactivates)
        {
            return plan.IsFree ? now.AddMonths(1) : now;
        }
        if (RequirePlanFor(customer).IsFree)
        {
            return HadPaidPlan(customer) ? now : CheddarDocuments.FirstBill(plan, now);
        }
        return customer.Current.OpenInvoice?.BillingDatetime ?? now;
    }

    /// <summary>Any subscription, current or earlier, on a paid plan (a plan no longer in the catalog counts as paid).</summary>
    private bool HadPaidPlan(CustomerRecord customer) =>
        customer.Subscriptions.Any(s => catalog.FindPlan(s.PlanCode) is not { IsFree: true });

    /// <summary>
    /// Applies a validated change. A plan change or a reactivation starts a new subscription (history kept, newest first).
    /// A payment that fails after the change is reported as an embedded error with the saved customer.
    /// </summary>
    private XmlReply ApplySubscriptionChange(ApiCall call, CustomerRecord customer, SubscriptionChange change)
    {
        if (change.Card is not null)
        {
            try
            {
                SimulatedGateway.Verify(change.Card, call.Now);
            }
            catch (CheddarApiException refused)
            {
                // The customer exists: the gateway's refusal comes back inside the customer document as stored,
                // without this call's other (unsaved) changes.
                return EmbeddedError(store.FindById(customer.Id)!, refused.Code, refused.AuxCode, refused.Message);
            }
        }

        var previous = customer.Current;
        var subscription = previous;
        ChargeOutcome? outcome = null;
        ChargeOutcome? overage = null;
        if (change.PlanChanged || change.Reactivates)
        {
            var firstBill = change.FirstBill ?? call.Now;
            if (!change.Reactivates)
            {
                // The old plan's open invoice is dropped below: its overage so far is billed now, under the plan it was used on.
                overage = call.Billing.BillAccruedOverage(customer, previous, "plan change", call.Now);
            }
            var coupon = change.CouponCode ?? (previous.CouponCode.Length > 0 && catalog.FindPromotionByCoupon(previous.CouponCode)?.PlanCodes.Contains(change.Plan.Code) == true ? previous.CouponCode : "");
            if (!change.Reactivates && previous.OpenInvoice is { } replaced)
            {
                previous.Invoices.Remove(replaced);
            }
            subscription = call.Billing.Start(customer, change.Plan, change.Card, coupon, firstBill, call.Now, carryUsageFrom: change.Reactivates ? null : previous);
            if (change.Reactivates && change.Card is null && previous.CancelType != "declined")
            {
                SubscriptionBilling.CopyCard(previous, subscription);
            }
            if (coupon == previous.CouponCode)
            {
                subscription.DiscountedPeriods = previous.DiscountedPeriods;
            }
            call.Billing.Webhooks.Add(change.Reactivates
                ? payloads.Event("subscriptionReactivated", customer, subscription)
                : payloads.Event("subscriptionChanged", customer, subscription, previous: previous));
            if (firstBill <= call.Now)
            {
                outcome = call.Billing.CloseAndCharge(customer, subscription, subscription.OpenInvoice!, call.Now, atCardEntry: change.Card?.Card is not null);
            }
        }
        else
        {
            if (change.Card is not null)
            {
                SubscriptionBilling.ApplyCard(subscription, change.Card);
                if (subscription.HasCard && customer.GatewayToken.Length == 0)
                {
                    customer.GatewayToken = SimulatedGateway.Token;
                }
            }
            if (change.CouponCode is not null && change.CouponCode != subscription.CouponCode)
            {
                subscription.CouponCode = change.CouponCode;
                subscription.DiscountedPeriods = 0;
            }
        }

        if (change.ChangeBillDate is { } scheduled && outcome is null && subscription.OpenInvoice is null && !subscription.IsCanceled)
        {
            // An imported subscription without an initialBillDate gets its first invoice from changeBillDate.
            call.Billing.OpenInvoice(subscription, scheduled, call.Now);
        }
        if (change.ChangeBillDate is { } billDate && outcome is null && subscription.OpenInvoice is { } open)
        {
            // Re-anchor the cycle: bills fall on the new date from now on.
            open.BillingDatetime = billDate;
            foreach (var line in open.Charges.Where(c => c.Type == "recurring"))
            {
                line.CreatedDatetime = billDate;
            }
            subscription.BillingAnchor = billDate;
            subscription.PeriodsSinceAnchor = 0;
            if (billDate <= call.Now)
            {
                outcome = call.Billing.CloseAndCharge(customer, subscription, open, call.Now, atCardEntry: change.Card?.Card is not null);
            }
        }
        customer.ModifiedDatetime = call.Now;
        store.Save(customer);
        return (outcome is { Approved: false } ? outcome : overage is { Approved: false } ? overage : null) is { } declined
            ? EmbeddedError(customer, GatewayResults.HttpStatus(declined.AuxCode), declined.AuxCode, declined.Message)
            : CustomerReply(customer);
    }
}
