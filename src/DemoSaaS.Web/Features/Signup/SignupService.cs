using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing.Cards;
using DemoSaaS.Web.Features.Billing.Cheddar;
using DemoSaaS.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Signup;

/// <summary>
/// Creates the Cheddar customer (customer code = the user id) and the Identity user as one unit, rolling forward: once
/// Cheddar may have created (and charged) the customer, the account is completed, never the customer deleted. A
/// <see cref="PendingSignup"/> row, synced before Cheddar is called and removed in the transaction that creates the
/// user, holds what it takes to complete the account later (<see cref="PendingSignupCleanup"/>) and makes a second
/// submit with the same email wait for the first. The decisions themselves live in <see cref="SignupCompletion"/>.
/// </summary>
public sealed partial class SignupService(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    CheddarBilling cheddar,
    SignupCompletion completion,
    SignupsInProgress inProgress,
    IOptions<SignupOptions> options,
    TimeProvider time,
    ILogger<SignupService> logger)
{
    private const string AlreadyExists = "An account with this email already exists. Log in instead.";

    /// <summary>How often a second submit looks whether the first one has finished.</summary>
    private static readonly TimeSpan JoinPollInterval = TimeSpan.FromMilliseconds(200);

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
        PaymentCard? card = null;
        if (IsPaidPlan(planCode))
        {
            var check = CardInputValidator.Check(CardInputOf(form), time.GetUtcNow());
            if (!check.IsValid)
            {
                return new SignupResult { FieldErrors = ToFieldErrors(check.Errors) };
            }
            card = check.Card;
        }

        using var running = inProgress.Begin(user.Id);
        // The pending row must be on disk before Cheddar creates (and maybe charges) the customer: if an OS crash rolled it
        // back, nothing would ever complete that customer's account. Signups are rare, so all of this one's commits are synced.
        await using var durable = await DurableCommits.BeginAsync(db, cancellationToken);
        var pending = new PendingSignup
        {
            CustomerCode = user.Id,
            Email = email,
            NormalizedEmail = users.NormalizeEmail(email),
            PasswordHash = users.PasswordHasher.HashPassword(user, form.Password),
            State = PendingSignupState.Started,
            StartedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        if (!await TryStartAsync(pending, cancellationToken))
        {
            // The same form sent twice (a double click, a retry while the first was still running), or from two tabs:
            // it joins the first signup instead of creating (and charging) a second customer.
            var joined = await JoinAsync(pending.NormalizedEmail!, form.Password, cancellationToken);
            if (joined is not null)
            {
                return joined;
            }
            // The first attempt ended without an account (declined, or never created): this submit is a new attempt.
            pending.StartedAtUtc = time.GetUtcNow().UtcDateTime;
            if (!await TryStartAsync(pending, cancellationToken))
            {
                return StillInProgress();
            }
        }

        // The email is ours now. An account made with it since the local checks (by the signup whose row we waited out,
        // or one that finished just before ours started) would make this one a second customer and a second charge.
        if (await users.FindByEmailAsync(email) is { } taken)
        {
            await completion.ForgetAsync(pending.CustomerCode);
            return await SameSignupAsync(taken, form.Password);
        }

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
                if (ex.CustomerWasChanged && ex.Customer is { } kept && SignupCompletion.TookMoney(kept))
                {
                    // Refused, yet money was taken: the customer is the user's account; complete it rather than undo.
                    return await FinishAsync(pending, kept);
                }
                if (ex.CustomerWasChanged)
                {
                    await completion.AbandonAsync(pending.CustomerCode);
                    pending.State = PendingSignupState.Abandoned;
                    pending.PasswordHash = null;
                    await TryRemoveRefusedAsync(pending, ex.Customer);
                }
                else
                {
                    await completion.ForgetAsync(pending.CustomerCode);
                }
                return ToResult(ex);
            }
            catch (Exception ex) when (ex is CheddarException or CheddarUnavailableException or HttpRequestException or OperationCanceledException)
            {
                // Timed out, dropped or a 5xx: Cheddar may have created (and charged) the customer. Look it up and roll forward.
                LogOutcomeUnknown(ex, user.Id);
                return await RollForwardAsync(pending);
            }
        }
        return await FinishAsync(pending, customer);
    }

    /// <summary>Cheddar has the customer: the account is completed (retried, then parked; never the customer deleted).</summary>
    private async Task<SignupResult> FinishAsync(PendingSignup pending, Customer customer)
    {
        var outcome = await completion.SettleExistingAsync(pending, customer, CancellationToken.None);
        return ToResult(outcome, "We could not create your account. Nothing was charged; please try again.");
    }

    /// <summary>
    /// customers/new got no answer. Cheddar is asked at once (an applied-then-lost signup is found and completed without
    /// delay) and, if it has no such customer yet, again once the signup has settled, when "not found" is final. If Cheddar
    /// cannot be asked, the row stays and <see cref="PendingSignupCleanup"/> decides later; the user is told so.
    /// </summary>
    private async Task<SignupResult> RollForwardAsync(PendingSignup pending)
    {
        try
        {
            using (var lookup = new CancellationTokenSource(options.Value.CheddarTimeout))
            {
                if (await cheddar.FindCustomerAsync(pending.CustomerCode, lookup.Token) is { } found)
                {
                    return await FinishAsync(pending, found);
                }
            }
            var settled = pending.StartedAtUtc + options.Value.SettleTime - time.GetUtcNow().UtcDateTime;
            if (settled > TimeSpan.Zero)
            {
                await Task.Delay(settled, time, CancellationToken.None);
            }
            using var settledLookup = new CancellationTokenSource(options.Value.CheddarTimeout);
            return ToResult(await completion.ResolveAsync(pending, settledLookup.Token), NotCreatedMessage);
        }
        catch (Exception ex) when (ex is CheddarException or CheddarUnavailableException or HttpRequestException or OperationCanceledException)
        {
            LogLookupPostponed(ex, pending.CustomerCode);
            return SignupResult.ForForm(
                "Our billing provider did not answer, so we cannot tell yet whether your account was created. Please do not sign up again: "
                + "if it was, it will be ready within a few minutes and you can log in; if not, you can sign up again then.");
        }
    }

    /// <summary>Deletes the customer of a refused signup (it took no money); if Cheddar cannot be reached, the cleanup retries.</summary>
    private async Task TryRemoveRefusedAsync(PendingSignup pending, Customer? returned)
    {
        using var timeout = new CancellationTokenSource(options.Value.CheddarTimeout);
        try
        {
            if (returned is not null)
            {
                await completion.SettleExistingAsync(pending, returned, timeout.Token);
            }
            else
            {
                await completion.ResolveAsync(pending, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is CheddarException or CheddarUnavailableException or HttpRequestException or OperationCanceledException)
        {
            LogCompensationPostponed(ex, pending.CustomerCode);
        }
    }

    /// <summary>Writes the pending row; false when another signup for the same email is in flight (the unique index says so).</summary>
    private async Task<bool> TryStartAsync(PendingSignup pending, CancellationToken cancellationToken)
    {
        // The usual case of a second submit is seen here; the index catches the two that pass this check together.
        if (await OtherSignupInFlightAsync(pending))
        {
            return false;
        }
        db.ChangeTracker.Clear();
        db.PendingSignups.Add(pending);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return true;
        }
        catch (DbUpdateException)
        {
            if (await OtherSignupInFlightAsync(pending))
            {
                return false;
            }
            throw;
        }
    }

    private async Task<bool> OtherSignupInFlightAsync(PendingSignup pending)
    {
        db.ChangeTracker.Clear();
        return await db.PendingSignups.AnyAsync(p => p.NormalizedEmail == pending.NormalizedEmail && p.CustomerCode != pending.CustomerCode);
    }

    /// <summary>
    /// Waits for the signup in flight with this email to finish (as long as that one can take: Cheddar's timeout, the settle
    /// time and a lookup). If it made the account and this submit carries the same password, this submit shares its
    /// success; another password is told the account exists. Null when the first attempt made no account, so this one may
    /// try itself.
    /// </summary>
    private async Task<SignupResult?> JoinAsync(string normalizedEmail, string password, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.Value.CheddarTimeout + options.Value.SettleTime + options.Value.CheddarTimeout;
        while (await db.PendingSignups.AsNoTracking().AnyAsync(p => p.NormalizedEmail == normalizedEmail, cancellationToken))
        {
            if (time.GetUtcNow() >= deadline)
            {
                return StillInProgress();
            }
            await Task.Delay(JoinPollInterval, time, cancellationToken);
        }
        db.ChangeTracker.Clear();
        var existing = await users.FindByEmailAsync(normalizedEmail);
        if (existing is null)
        {
            return null;
        }
        return await SameSignupAsync(existing, password);
    }

    /// <summary>The account exists: this submit shares its success if it is the same form (same password), else it is told to log in.</summary>
    private async Task<SignupResult> SameSignupAsync(ApplicationUser existing, string password)
    {
        if (await users.CheckPasswordAsync(existing, password))
        {
            LogJoined(existing.Id);
            return new SignupResult { User = existing, JoinedEarlierSubmit = true };
        }
        return SignupResult.ForField(nameof(SignupForm.Email), AlreadyExists);
    }

    private static SignupResult StillInProgress() => SignupResult.ForForm(
        "A signup for this email is already being completed. Please do not sign up again: try logging in in a few minutes.");

    private const string NotCreatedMessage =
        "Our billing provider did not answer in time, so your account was not created and nothing was charged. Please try again.";

    private static SignupResult ToResult(PendingSignupOutcome outcome, string notCreatedMessage) => outcome.Kind switch
    {
        PendingSignupOutcomeKind.Completed => new SignupResult { User = outcome.User },
        // The cleanup on another instance finished this signup while its request waited: the account is the user's.
        PendingSignupOutcomeKind.SettledElsewhere when outcome.User is not null => new SignupResult { User = outcome.User },
        PendingSignupOutcomeKind.NotCreated or PendingSignupOutcomeKind.Removed => SignupResult.ForForm(notCreatedMessage),
        _ => SignupResult.ForForm(
            "Your subscription was set up, but we could not finish creating your account here. Please do not sign up again: "
            + "we have been alerted and will complete it; contact support if you cannot log in within the hour."),
    };

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
                errors.TryAdd(nameof(SignupForm.Email), error.Code is "DuplicateUserName" or "DuplicateEmail" ? AlreadyExists : error.Description);
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

    /// <summary>On signup the name on the card is the user's own name.</summary>
    private static CardInput CardInputOf(SignupForm form) => new()
    {
        FirstName = form.FirstName,
        LastName = form.LastName,
        Number = form.CardNumber,
        Expiry = form.CardExpiry,
        Cvv = form.CardCvv,
        Zip = form.CardZip,
    };

    private static Dictionary<string, string> ToFieldErrors(IEnumerable<CardInputError> errors)
    {
        var fields = new Dictionary<string, string>();
        foreach (var error in errors)
        {
            fields.TryAdd(error.Field switch
            {
                CardInputField.Name => nameof(SignupForm.FirstName),
                CardInputField.Number => nameof(SignupForm.CardNumber),
                CardInputField.Expiry => nameof(SignupForm.CardExpiry),
                CardInputField.Cvv => nameof(SignupForm.CardCvv),
                _ => nameof(SignupForm.CardZip),
            }, error.Message);
        }
        return fields;
    }

    /// <summary>Cheddar's reason (through the shared <see cref="CheddarErrorText"/>), next to the field it is about.</summary>
    internal static SignupResult ToResult(CheddarException ex)
    {
        var message = CheddarErrorText.ForDisplay(ex);
        var field = FieldFor(ex);
        return field is null ? SignupResult.ForForm(message) : SignupResult.ForField(field, message);
    }

    private static string? FieldFor(CheddarException ex)
    {
        var byCheddar = CheddarErrorText.FieldOf(ex) switch
        {
            CheddarErrorField.CardNumber => nameof(SignupForm.CardNumber),
            CheddarErrorField.CardExpiry => nameof(SignupForm.CardExpiry),
            CheddarErrorField.CardCvv => nameof(SignupForm.CardCvv),
            CheddarErrorField.CardZip => nameof(SignupForm.CardZip),
            CheddarErrorField.Coupon => nameof(SignupForm.CouponCode),
            CheddarErrorField.Plan => nameof(SignupForm.PlanCode),
            CheddarErrorField.Email => nameof(SignupForm.Email),
            CheddarErrorField.FirstName or CheddarErrorField.CardFirstName => nameof(SignupForm.FirstName),
            CheddarErrorField.LastName or CheddarErrorField.CardLastName => nameof(SignupForm.LastName),
            _ => null,
        };
        if (byCheddar is not null)
        {
            return byCheddar;
        }
        // Signup's own inputs that Cheddar's messages name only in words.
        if (ex.CheddarMessage.Contains("coupon", StringComparison.OrdinalIgnoreCase)
            || ex.CheddarMessage.Contains("promotion", StringComparison.OrdinalIgnoreCase))
        {
            return nameof(SignupForm.CouponCode);
        }
        if (ex.CheddarMessage.Contains("plan", StringComparison.OrdinalIgnoreCase))
        {
            return nameof(SignupForm.PlanCode);
        }
        return null;
    }

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Cheddar refused the signup of {UserId}: HTTP {Status}, auxCode {AuxCode}")]
    private partial void LogRefused(string userId, int status, string? auxCode);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Cheddar's answer to the signup of {UserId} is unknown; looking the customer up to roll forward")]
    private partial void LogOutcomeUnknown(Exception error, string userId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Could not settle signup {CustomerCode} with Cheddar yet; the cleanup will retry")]
    private partial void LogCompensationPostponed(Exception error, string customerCode);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Could not look up the customer of signup {CustomerCode}; the cleanup will decide once Cheddar answers")]
    private partial void LogLookupPostponed(Exception error, string customerCode);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "A second submit of the signup of {UserId} joined the first")]
    private partial void LogJoined(string userId);
}
