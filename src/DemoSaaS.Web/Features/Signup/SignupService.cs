using DemoSaaS.Web.Infrastructure.Security;
using System.Globalization;
using System.Net;
using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing.Cheddar;
using DemoSaaS.Web.Features.Billing.Gating;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Signup;

/// <summary>
/// Creates the Identity user and the Cheddar customer (customer code = the user id) as one unit: whichever step
/// fails, nothing is left on either side. A <see cref="PendingSignup"/> row, written before Cheddar is called and
/// removed in the transaction that creates the user, covers the cases where we cannot clean up at once.
/// </summary>
public sealed partial class SignupService(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    CheddarBilling cheddar,
    CustomerSnapshotCache snapshots,
    SignupsInProgress inProgress,
    IOptions<SignupOptions> options,
    TimeProvider time,
    ILogger<SignupService> logger)
{
    public IReadOnlyList<string> PlanCodes => options.Value.PlanCodes;

    public bool IsPaidPlan(string planCode) => !string.Equals(planCode, options.Value.FreePlanCode, StringComparison.OrdinalIgnoreCase);

    public async Task<SignupResult> SignUpAsync(SignupForm form, string? remoteAddress, CancellationToken cancellationToken)
    {
        var planCode = options.Value.PlanCodes.FirstOrDefault(p => string.Equals(p, form.PlanCode?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (planCode is null)
        {
            return SignupResult.ForField(nameof(SignupForm.PlanCode), "Choose one of the plans shown.");
        }
        var email = form.Email.Trim();
        var user = new ApplicationUser { Id = Guid.NewGuid().ToString(), UserName = email, Email = email };

        // Everything we can check locally is checked before Cheddar sees the card.
        if (await CheckLocallyAsync(user, form, planCode) is { } invalid)
        {
            return invalid;
        }
        if (!TryReadCard(form, planCode, out var card, out var cardError))
        {
            return cardError!;
        }

        using var running = inProgress.Begin(user.Id);
        // The pending row must be on disk before Cheddar creates (and maybe charges) the customer: if an OS crash rolled it
        // back, nothing would ever remove that customer. Signups are rare, so all of this one's commits are synced.
        await using var durable = await DurableCommits.BeginAsync(db, cancellationToken);
        var pending = new PendingSignup { CustomerCode = user.Id, StartedAtUtc = time.GetUtcNow().UtcDateTime };
        db.PendingSignups.Add(pending);
        await db.SaveChangesAsync(cancellationToken);

        var request = new NewCustomerRequest
        {
            Code = user.Id,
            FirstName = form.FirstName.Trim(),
            LastName = form.LastName.Trim(),
            Email = email,
            RemoteAddress = remoteAddress,
            Subscription = new NewSubscriptionRequest
            {
                PlanCode = planCode,
                CouponCode = string.IsNullOrWhiteSpace(form.CouponCode) ? null : form.CouponCode.Trim(),
                Card = card,
                CardHolder = card is null ? null : new CardHolder
                {
                    FirstName = form.FirstName.Trim(),
                    LastName = form.LastName.Trim(),
                    Zip = form.CardZip?.Trim(),
                },
            },
        };

        Customer customer;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(options.Value.CheddarTimeout);
            try
            {
                customer = await cheddar.CreateCustomerAsync(request, timeout.Token);
            }
            catch (CheddarException ex) when (!ex.IsTransient)
            {
                // Cheddar answered no. Only an embedded error (e.g. the first charge declined) leaves a customer behind.
                LogRefused(user.Id, (int)ex.StatusCode, ex.AuxCode);
                if (ex.CustomerWasChanged)
                {
                    await RemoveCheddarCustomerAsync(pending, outcomeKnown: true);
                }
                else
                {
                    await ForgetPendingAsync(pending);
                }
                return ToResult(ex);
            }
            catch (Exception ex) when (ex is CheddarException or CheddarUnavailableException or HttpRequestException or OperationCanceledException)
            {
                // Timed out, dropped or a 5xx: Cheddar may or may not have created the customer. Make sure it does not exist.
                LogOutcomeUnknown(ex, user.Id);
                await RemoveCheddarCustomerAsync(pending, outcomeKnown: false);
                return SignupResult.ForForm(
                    "Our billing provider did not answer in time, so your account was not created. Please try again in a minute.");
            }
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            var created = await users.CreateAsync(user, form.Password);
            if (!created.Succeeded)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                LogLocalStepFailed(null, user.Id, string.Join("; ", created.Errors.Select(e => e.Code)));
                await RemoveCheddarCustomerAsync(pending, outcomeKnown: true);
                return ToResult(created);
            }
            db.PendingSignups.Remove(pending);
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
        {
            LogLocalStepFailed(ex, user.Id, ex.GetType().Name);
            await RemoveCheddarCustomerAsync(pending, outcomeKnown: true);
            // The unique user name index catches a concurrent signup with the same email that passed the checks too.
            return await users.FindByEmailAsync(email) is not null
                ? SignupResult.ForField(nameof(SignupForm.Email), "An account with this email already exists. Log in instead.")
                : SignupResult.ForForm("We could not create your account. Nothing was charged; please try again.");
        }

        snapshots.Store(customer);
        LogSignedUp(user.Id, planCode);
        return new SignupResult { User = user };
    }

    private async Task<SignupResult?> CheckLocallyAsync(ApplicationUser user, SignupForm form, string planCode)
    {
        var errors = new Dictionary<string, string>();
        foreach (var (field, value) in new[]
        {
            (nameof(SignupForm.Email), form.Email), (nameof(SignupForm.FirstName), form.FirstName),
            (nameof(SignupForm.LastName), form.LastName), (nameof(SignupForm.CardZip), form.CardZip),
            (nameof(SignupForm.CouponCode), form.CouponCode),
        })
        {
            if (value?.Any(char.IsControl) == true)
            {
                errors[field] = "Remove line breaks, tabs and other control characters.";
            }
        }
        foreach (var (field, value, isValid, message) in new (string, string?, Func<string, bool>, string)[]
        {
            (nameof(SignupForm.FirstName), form.FirstName, InputRules.IsName, InputRules.NameMessage),
            (nameof(SignupForm.LastName), form.LastName, InputRules.IsName, InputRules.NameMessage),
            (nameof(SignupForm.CardZip), form.CardZip, InputRules.IsPostalCode, InputRules.PostalCodeMessage),
            (nameof(SignupForm.CouponCode), form.CouponCode?.Trim(), InputRules.IsCode, InputRules.CodeMessage),
        })
        {
            if (!string.IsNullOrEmpty(value) && !isValid(value))
            {
                errors.TryAdd(field, message);
            }
        }
        foreach (var validator in users.UserValidators)
        {
            var result = await validator.ValidateAsync(users, user);
            foreach (var error in result.Errors)
            {
                errors.TryAdd(nameof(SignupForm.Email), error.Code is "DuplicateUserName" or "DuplicateEmail"
                    ? "An account with this email already exists. Log in instead."
                    : error.Description);
            }
        }
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, form.Password);
            if (!result.Succeeded)
            {
                errors.TryAdd(nameof(SignupForm.Password), string.Join(" ", result.Errors.Select(e => e.Description)));
            }
        }
        if (!IsPaidPlan(planCode) && !string.IsNullOrWhiteSpace(form.CouponCode))
        {
            errors.TryAdd(nameof(SignupForm.CouponCode), "Coupons apply to paid plans only.");
        }
        return errors.Count == 0 ? null : new SignupResult { FieldErrors = errors };
    }

    private bool TryReadCard(SignupForm form, string planCode, out PaymentCard? card, out SignupResult? error)
    {
        card = null;
        error = null;
        if (!IsPaidPlan(planCode))
        {
            return true;
        }
        var errors = new Dictionary<string, string>();
        var digits = new string((form.CardNumber ?? "").Where(c => c is not (' ' or '-')).ToArray());
        if (digits.Length == 0)
        {
            errors[nameof(SignupForm.CardNumber)] = "Enter your card number.";
        }
        else if (digits.Length is < 12 or > 19 || !digits.All(char.IsAsciiDigit))
        {
            errors[nameof(SignupForm.CardNumber)] = "A card number has 12 to 19 digits.";
        }
        var expiry = (form.CardExpiry ?? "").Replace(" ", "", StringComparison.Ordinal);
        var month = 0;
        var year = 0;
        var expiryParts = expiry.Split('/');
        if (expiry.Length == 0)
        {
            errors[nameof(SignupForm.CardExpiry)] = "Enter the expiry date (MM/YYYY).";
        }
        else if (expiryParts.Length != 2
            || !int.TryParse(expiryParts[0], NumberStyles.None, CultureInfo.InvariantCulture, out month)
            || !int.TryParse(expiryParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out year)
            || month is < 1 or > 12 || expiryParts[1].Length != 4)
        {
            errors[nameof(SignupForm.CardExpiry)] = "Use MM/YYYY, e.g. 04/2030.";
        }
        else
        {
            var today = time.GetUtcNow();
            if (year < today.Year || (year == today.Year && month < today.Month))
            {
                errors[nameof(SignupForm.CardExpiry)] = "This card has expired.";
            }
        }
        var cvv = form.CardCvv?.Trim() ?? "";
        if (cvv.Length is < 3 or > 4 || !cvv.All(char.IsAsciiDigit))
        {
            errors[nameof(SignupForm.CardCvv)] = "Enter the 3 or 4 digit security code.";
        }
        if (string.IsNullOrWhiteSpace(form.CardZip))
        {
            errors[nameof(SignupForm.CardZip)] = "Enter the card's billing zip code.";
        }
        if (errors.Count > 0)
        {
            error = new SignupResult { FieldErrors = errors };
            return false;
        }
        card = new PaymentCard { Number = digits, ExpirationMonth = month, ExpirationYear = year, CardCode = cvv };
        return true;
    }

    /// <summary>
    /// Deletes the customer Cheddar may have created for an abandoned signup. When Cheddar confirms it is gone the
    /// pending row goes too; otherwise <see cref="PendingSignupCleanup"/> keeps trying once the signup has settled.
    /// </summary>
    /// <param name="outcomeKnown">Cheddar answered, so no customers/new for this code can still be running there.</param>
    private async Task RemoveCheddarCustomerAsync(PendingSignup pending, bool outcomeKnown)
    {
        db.ChangeTracker.Clear();
        using var timeout = new CancellationTokenSource(options.Value.CheddarTimeout);
        try
        {
            await cheddar.DeleteCustomerAsync(pending.CustomerCode, timeout.Token);
            snapshots.StoreMissing(pending.CustomerCode);
            LogCompensated(pending.CustomerCode);
            // A customers/new that timed out may still be running at Cheddar: only a settled signup is finished.
            if (outcomeKnown || time.GetUtcNow().UtcDateTime - pending.StartedAtUtc >= options.Value.SettleTime)
            {
                await ForgetPendingAsync(pending);
            }
        }
        catch (Exception ex) when (ex is CheddarException or CheddarUnavailableException or HttpRequestException or OperationCanceledException)
        {
            LogCompensationPostponed(ex, pending.CustomerCode);
        }
    }

    private async Task ForgetPendingAsync(PendingSignup pending)
    {
        db.ChangeTracker.Clear();
        await db.PendingSignups.Where(p => p.CustomerCode == pending.CustomerCode).ExecuteDeleteAsync(CancellationToken.None);
    }

    private static SignupResult ToResult(IdentityResult result)
    {
        var duplicate = result.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail");
        return duplicate
            ? SignupResult.ForField(nameof(SignupForm.Email), "An account with this email already exists. Log in instead.")
            : SignupResult.ForForm(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>Cheddar's reason, next to the field it is about.</summary>
    internal static SignupResult ToResult(CheddarException ex)
    {
        var message = ex.CheddarMessage;
        if (ex.FieldName is { } fieldName && message.EndsWith(": " + fieldName, StringComparison.Ordinal))
        {
            message = message[..^(fieldName.Length + 2)];
        }
        var field = FieldFor(ex);
        return field is null ? SignupResult.ForForm(message) : SignupResult.ForField(field, message);
    }

    private static string? FieldFor(CheddarException ex)
    {
        var byName = ex.FieldName switch
        {
            "subscription[ccNumber]" or "subscription[ccType]" => nameof(SignupForm.CardNumber),
            "subscription[ccExpiration]" => nameof(SignupForm.CardExpiry),
            "subscription[ccCardCode]" => nameof(SignupForm.CardCvv),
            "subscription[ccZip]" => nameof(SignupForm.CardZip),
            "subscription[couponCode]" or "couponCode" => nameof(SignupForm.CouponCode),
            "subscription[planCode]" => nameof(SignupForm.PlanCode),
            "email" => nameof(SignupForm.Email),
            "firstName" or "subscription[ccFirstName]" => nameof(SignupForm.FirstName),
            "lastName" or "subscription[ccLastName]" => nameof(SignupForm.LastName),
            _ => null,
        };
        if (byName is not null)
        {
            return byName;
        }
        if (ex.CheddarMessage.Contains("coupon", StringComparison.OrdinalIgnoreCase)
            || ex.CheddarMessage.Contains("promotion", StringComparison.OrdinalIgnoreCase))
        {
            return nameof(SignupForm.CouponCode);
        }
        if (ex.IsGatewayDecline || ex.StatusCode == HttpStatusCode.BadGateway)
        {
            return ex.AuxCode switch
            {
                "5002" => nameof(SignupForm.CardExpiry),
                "6001" => nameof(SignupForm.CardZip),
                "6002" => nameof(SignupForm.CardCvv),
                _ => nameof(SignupForm.CardNumber),
            };
        }
        if (ex.CheddarMessage.Contains("plan", StringComparison.OrdinalIgnoreCase))
        {
            return nameof(SignupForm.PlanCode);
        }
        return null;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Signed up user {UserId} on plan {PlanCode}")]
    private partial void LogSignedUp(string userId, string planCode);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Cheddar refused the signup of {UserId}: HTTP {Status}, auxCode {AuxCode}")]
    private partial void LogRefused(string userId, int status, string? auxCode);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Cheddar's answer to the signup of {UserId} is unknown; removing any customer it created")]
    private partial void LogOutcomeUnknown(Exception error, string userId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Creating local user {UserId} failed after Cheddar accepted it ({Reason}); removing the Cheddar customer")]
    private partial void LogLocalStepFailed(Exception? error, string userId, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Removed Cheddar customer {CustomerCode} of an abandoned signup")]
    private partial void LogCompensated(string customerCode);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Could not remove Cheddar customer {CustomerCode} of an abandoned signup yet; the cleanup will retry")]
    private partial void LogCompensationPostponed(Exception error, string customerCode);
}
