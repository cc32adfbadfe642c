using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.Web.Features.Billing.Usage;
using DemoSaaS.Web.Features.Billing.Cards;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Account;

/// <summary>
/// Reads the account from Cheddar and makes every change the account page offers through Cheddar. Local state
/// (gating's snapshot) only ever takes the customer document Cheddar returned; card fields are cleared after each call.
/// </summary>
public sealed partial class AccountService(
    ICheddarCustomers customers,
    ICheddarInvoices invoices,
    ICheddarPlans plans,
    IAccountBillingSync billing,
    UsageAgainstQuota quota,
    IOptions<AccountOptions> options,
    IOptions<ReportPackOptions> reportPacks,
    TimeProvider time,
    ILogger<AccountService> logger)
{
    private AccountOptions Options => options.Value;

    /// <summary>The account as Cheddar holds it now. Throws <see cref="CheddarUnavailableException"/> or <see cref="CheddarException"/>.</summary>
    public async Task<AccountOverview> LoadAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var requestedAt = billing.BeforeRequest();
        var customer = await customers.FindAsync(userId, cancellationToken);
        if (customer is not null)
        {
            billing.Accepted(customer, requestedAt);
        }
        return await OverviewAsync(userId, customer, cancellationToken);
    }

    /// <summary>
    /// FREE, PRO or TEAM by code, under the same rules as the dialog's previewed change: the account is read first and
    /// the change previewed, so a paid plan without a card is refused and a customer who had a trial is billed at once.
    /// </summary>
    public Task<AccountActionResult> ChangePlanAsync(string userId, string planCode, CardForm? card, CancellationToken cancellationToken = default) =>
        ChangeByCodeAsync(userId, planCode, card, cancellationToken);

    /// <summary>
    /// The change the dialog previewed. Refused without calling Cheddar when the plan needs a card and none was entered;
    /// a customer who already had a trial is billed at once (changeBillDate=now). The overage used so far is billed by
    /// the change (docs/decisions/0006-plan-changes-keep-what-was-used.md).
    /// </summary>
    public Task<AccountActionResult> ChangePlanAsync(string userId, PlanChangePreview preview, CardForm? card, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preview);
        return ChangeSubscriptionAsync(userId, preview.Target.Code, card, preview.IsResubscribe, cancellationToken,
            cardRequired: preview.NeedsCard, billNow: preview.TrialAlreadyUsed && !preview.IsResubscribe, planName: preview.Target.Name);
    }

    /// <summary>Starts a new subscription for a canceled customer (edit-subscription with the plan and card data), by the same rules.</summary>
    public Task<AccountActionResult> ResubscribeAsync(string userId, string planCode, CardForm? card, CancellationToken cancellationToken = default) =>
        ChangeByCodeAsync(userId, planCode, card, cancellationToken);

    /// <summary>
    /// One path for every plan change: the card and trial rules live in <see cref="PlanChangePreview"/>, so a change
    /// asked for by plan code is previewed from the account as Cheddar holds it, exactly as the page does.
    /// </summary>
    private async Task<AccountActionResult> ChangeByCodeAsync(string userId, string planCode, CardForm? card, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(planCode))
        {
            card?.Clear();
            return AccountActionResult.Failure("Choose a plan.", AccountField.Plan);
        }
        AccountOverview account;
        try
        {
            account = await LoadAsync(userId, cancellationToken);
        }
        catch (Exception ex) when (ex is CheddarException or CheddarUnavailableException)
        {
            card?.Clear();
            LogUnavailable(ex, "read the account before a plan change", userId, outcomeUnknown: false);
            return AccountActionResult.Failure("Our billing provider could not be reached. Nothing was changed; please try again in a minute.");
        }
        var target = account.Plans.FirstOrDefault(plan => string.Equals(plan.Code, planCode, StringComparison.OrdinalIgnoreCase));
        if (target is null)
        {
            card?.Clear();
            return AccountActionResult.Failure($"There is no plan '{planCode}' to change to. Nothing was changed.", AccountField.Plan);
        }
        return await ChangePlanAsync(userId, PlanChangePreview.For(account, target), card, cancellationToken);
    }

    public async Task<AccountActionResult> UpdateCardAsync(string userId, CardForm card, CancellationToken cancellationToken = default)
    {
        try
        {
            var (paymentCard, holder, field, error) = card.ToRequest(time.GetUtcNow());
            if (error is not null)
            {
                return AccountActionResult.Failure(error, field);
            }
            return await CallAsync(userId, "update card", cardEntered: true, AccountField.CardNumber,
                () => customers.EditSubscriptionAsync(userId, new EditSubscriptionRequest { Card = paymentCard, CardHolder = holder }, cancellationToken),
                overview => overview.Card is { } saved ? $"Card updated: {saved.TypeName} ending {saved.LastFour}, expires {saved.Expiry}." : "Card updated.",
                cancellationToken);
        }
        finally
        {
            card.Clear();
        }
    }

    /// <summary>Moves the next bill (subscription[changeBillDate]); the cycle continues from the new date.</summary>
    public async Task<AccountActionResult> ChangeBillDateAsync(string userId, DateOnly? date, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (date is not { } newDate || newDate <= today)
        {
            return AccountActionResult.Failure("Choose a date after today.", AccountField.BillDate);
        }
        if (newDate > today.AddYears(1))
        {
            return AccountActionResult.Failure("Choose a date within the next year.", AccountField.BillDate);
        }
        return await CallAsync(userId, "change bill date", cardEntered: false, AccountField.BillDate,
            () => customers.EditSubscriptionAsync(userId, new EditSubscriptionRequest { ChangeBillDate = BillDate.On(newDate) }, cancellationToken),
            overview => overview.NextBillDate is { } next ? $"Your next bill is now on {PlanChangePreview.Date(next)}." : "Bill date changed.",
            cancellationToken);
    }

    public async Task<AccountActionResult> ApplyCouponAsync(string userId, string? couponCode, CancellationToken cancellationToken = default)
    {
        var code = couponCode?.Trim() ?? "";
        if (code.Length == 0)
        {
            return AccountActionResult.Failure("Enter a coupon code.", AccountField.Coupon);
        }
        if (code.Length > 36)
        {
            return AccountActionResult.Failure("Coupon codes are at most 36 characters.", AccountField.Coupon);
        }
        return await CallAsync(userId, "apply coupon", cardEntered: false, AccountField.Coupon,
            () => customers.EditSubscriptionAsync(userId, new EditSubscriptionRequest { CouponCode = code }, cancellationToken),
            _ => $"Coupon {code} applied.",
            cancellationToken);
    }

    /// <summary>One report pack, invoiced and charged at once through invoices/new; its units count from the moment Cheddar reports it paid.</summary>
    public async Task<AccountActionResult> BuyReportPackAsync(string userId, AccountOverview current, CancellationToken cancellationToken = default)
    {
        // Checked here so that no invoice is created at Cheddar that could only be declined.
        if (current.Status is AccountStatus.Canceled or AccountStatus.NoSubscription)
        {
            return AccountActionResult.Failure("Resubscribe before buying a report pack.");
        }
        if (current.Card is null)
        {
            return AccountActionResult.Failure("Add a card first: a report pack is charged at once.");
        }
        var pack = reportPacks.Value;
        var price = PlanChangePreview.Money(pack.Price);
        return await CallAsync(userId, "buy report pack", cardEntered: false, AccountField.None,
            () => invoices.CreateOneTimeAsync(userId, new OneTimeInvoiceRequest
            {
                Charges =
                [
                    new ChargeRequest
                    {
                        ChargeCode = pack.ChargeCode,
                        Quantity = 1,
                        EachAmount = pack.Price,
                        Description = $"Report pack: {pack.Units} extra reports this period",
                    },
                ],
            }, cancellationToken),
            _ => $"Report pack bought: {pack.Units} extra reports this period ({price} charged).",
            cancellationToken);
    }

    /// <summary>Cancels now; Cheddar bills the overage used so far at the cancel (ADR 0006), which the message reports.</summary>
    public Task<AccountActionResult> CancelAsync(string userId, CancellationToken cancellationToken = default) =>
        CallAsync(userId, "cancel", cardEntered: false, AccountField.None,
            () => customers.CancelAsync(userId, cancellationToken),
            overview => (overview.CanceledAt is { } at
                ? $"Your subscription was canceled on {PlanChangePreview.Date(at)}. Reports and exports are locked; you can resubscribe here at any time."
                : "Your subscription was canceled.") + OverageBilledAtChange(overview),
            cancellationToken);

    private async Task<AccountActionResult> ChangeSubscriptionAsync(string userId, string planCode, CardForm? card, bool resubscribe, CancellationToken cancellationToken,
        bool cardRequired, bool billNow, string planName)
    {
        try
        {
            if (string.IsNullOrWhiteSpace(planCode))
            {
                return AccountActionResult.Failure("Choose a plan.", AccountField.Plan);
            }
            PaymentCard? paymentCard = null;
            CardHolder? holder = null;
            var cardEntered = card is not null && !IsBlank(card);
            if (cardRequired && !cardEntered)
            {
                // Never sent: Cheddar may accept a paid plan without a card (a trial), but this app sells none without one.
                return AccountActionResult.Failure($"{planName} needs a card on file: enter your card to switch.", AccountField.CardNumber);
            }
            if (cardEntered)
            {
                (paymentCard, holder, var field, var error) = card!.ToRequest();
                if (error is not null)
                {
                    return AccountActionResult.Failure(error, field);
                }
            }
            return await CallAsync(userId, resubscribe ? "resubscribe" : "change plan", cardEntered, AccountField.Plan,
                () => customers.EditSubscriptionAsync(userId, new EditSubscriptionRequest
                {
                    PlanCode = planCode, Card = paymentCard, CardHolder = holder, ChangeBillDate = billNow ? BillDate.Now : null,
                }, cancellationToken),
                overview => (resubscribe
                    ? $"Welcome back: you are subscribed to {overview.Plan?.Name ?? planCode} again."
                    : $"You are now on the {overview.Plan?.Name ?? planCode} plan.") + OverageBilledAtChange(overview),
                cancellationToken);
        }
        finally
        {
            card?.Clear();
        }
    }

    /// <summary>The overage invoice Cheddar ran with this change (a one-time invoice of item lines dated at the change).</summary>
    private static string OverageBilledAtChange(AccountOverview overview)
    {
        var changedAt = overview.Customer?.ModifiedDatetime;
        var billed = overview.Invoices
            .Where(l => l.IsOneTime && l.Invoice.BillingDatetime >= changedAt
                && l.Invoice.Charges.Any(c => string.Equals(c.Type, "item", StringComparison.Ordinal)))
            .ToList();
        if (billed.Count == 0)
        {
            return "";
        }
        var total = PlanChangePreview.Money(billed.Sum(l => l.Total));
        return billed.All(l => l.Status == InvoiceStatus.Paid)
            ? $" The overage used this period, {total}, was billed."
            : $" The overage used this period, {total}, was billed but the card on file did not pay it: update your card.";
    }

    /// <summary>
    /// Runs one Cheddar write. Success: gating takes the returned customer and the page shows it. Refusal: the
    /// reason, next to the field it concerns; when Cheddar returned the customer with the error, that is the new state.
    /// No answer: nothing is assumed; gating re-reads Cheddar.
    /// </summary>
    private async Task<AccountActionResult> CallAsync(
        string userId,
        string action,
        bool cardEntered,
        AccountField inputField,
        Func<Task<Customer>> call,
        Func<AccountOverview, string> successMessage,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var requestedAt = billing.BeforeRequest();
        try
        {
            var customer = await call();
            await billing.ChangedAsync(customer, requestedAt, cancellationToken);
            var overview = await OverviewAsync(userId, customer, cancellationToken);
            LogChanged(action, userId);
            return AccountActionResult.Success(successMessage(overview), overview);
        }
        catch (CheddarException ex)
        {
            LogRefused(action, userId, (int)ex.StatusCode, ex.AuxCode, CheddarErrorText.WithoutCardNumbers(ex.CheddarMessage));
            AccountOverview? overview = null;
            if (ex.Customer is { } returned)
            {
                await billing.ChangedAsync(returned, requestedAt, cancellationToken);
                overview = await OverviewAsync(userId, returned, cancellationToken);
            }
            var (message, field) = Explain(ex, cardEntered, inputField);
            return AccountActionResult.Failure(message, field, overview);
        }
        catch (CheddarUnavailableException ex)
        {
            LogUnavailable(ex, action, userId, ex.OutcomeUnknown);
            await billing.InvalidateAsync(userId, cancellationToken);
            return AccountActionResult.Failure(ex.OutcomeUnknown
                ? "We did not hear back from our billing provider, so we cannot tell whether the change was made. Reload the page to see what Cheddar holds before trying again."
                : "Our billing provider could not be reached. Nothing was changed; please try again in a minute.");
        }
    }

    private static (string Message, AccountField Field) Explain(CheddarException ex, bool cardEntered, AccountField inputField)
    {
        // Cheddar's text and the input it is about come from the mapper signup uses too: never a card number on the page.
        var reason = CheddarErrorText.ForDisplay(ex);
        var cheddarField = CardFieldMap.From(CheddarErrorText.FieldOf(ex));
        if (ex.IsGatewayUnavailable)
        {
            return ("The payment gateway could not be reached, so nothing was charged. Please try again in a few minutes.", AccountField.None);
        }
        if (ex.IsGatewayDecline)
        {
            return cardEntered
                ? ($"Your card was declined: {reason} Nothing was changed; check the card or use another one.", cheddarField ?? AccountField.CardNumber)
                : ($"The card on file was declined: {reason} Update your card and try again.", AccountField.None);
        }
        if (ex.IsAuthentication)
        {
            return ("Billing is misconfigured: Cheddar refused our credentials. Nothing was changed.", AccountField.None);
        }
        if (ex.IsValidation || ex.IsNotFound)
        {
            var field = cheddarField ?? (ex.IsNotFound && inputField is AccountField.Coupon or AccountField.Plan ? inputField : AccountField.None);
            return ($"{reason} Nothing was changed.", field);
        }
        return ex.IsTransient
            ? ("Our billing provider is having trouble right now. Nothing was changed; please try again in a minute.", AccountField.None)
            : ($"Cheddar refused the change: {reason}", AccountField.None);
    }

    private static bool IsBlank(CardForm card) =>
        string.IsNullOrWhiteSpace(card.Number) && string.IsNullOrWhiteSpace(card.Expiry) && string.IsNullOrWhiteSpace(card.Cvv)
        && string.IsNullOrWhiteSpace(card.FirstName) && string.IsNullOrWhiteSpace(card.LastName) && string.IsNullOrWhiteSpace(card.Zip);

    private async Task<AccountOverview> OverviewAsync(string userId, Customer? customer, CancellationToken cancellationToken)
    {
        var planList = await plans.GetAllAsync(cancellationToken);
        var events = await billing.RecentEventsAsync(userId, Options.RecentEventCount, cancellationToken);
        var now = time.GetUtcNow();
        var usage = await quota.ForSubscriptionAsync(userId, customer, now, cancellationToken);
        return AccountOverview.Create(userId, customer, planList, events, now, usage);
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Account change '{Action}' accepted by Cheddar for customer {CustomerCode}")]
    private partial void LogChanged(string action, string customerCode);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Account change '{Action}' for customer {CustomerCode} refused by Cheddar: {Status} {AuxCode} {CheddarMessage}")]
    private partial void LogRefused(string action, string customerCode, int status, string? auxCode, string cheddarMessage);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Account change '{Action}' for customer {CustomerCode} got no answer from Cheddar (outcome unknown: {OutcomeUnknown})")]
    private partial void LogUnavailable(Exception exception, string action, string customerCode, bool outcomeUnknown);
}
