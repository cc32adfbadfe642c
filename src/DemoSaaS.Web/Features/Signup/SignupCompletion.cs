using DemoSaaS.Cheddar.Models;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing.Cheddar;
using DemoSaaS.Web.Features.Billing.Gating;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.Web.Features.Signup;

/// <summary>
/// The one place that decides what becomes of a signup Cheddar may have acted on, used by <see cref="SignupService"/>
/// and <see cref="PendingSignupCleanup"/> alike. The rule: roll forward, never delete a charged customer. A customer
/// Cheddar has is the user's account, so the local account is completed from the <see cref="PendingSignup"/> row; only a
/// customer Cheddar never created, or one from a refused signup that took no money, is removed.
/// </summary>
public sealed partial class SignupCompletion(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    CheddarBilling cheddar,
    CustomerSnapshotCache snapshots,
    ILogger<SignupCompletion> logger)
{
    /// <summary>True when any transaction on the customer was approved: money was taken, so the customer must stay.</summary>
    public static bool TookMoney(Customer customer) =>
        customer.Subscriptions.SelectMany(s => s.Invoices).SelectMany(i => i.Transactions).Any(t => t.IsApproved);

    /// <summary>
    /// Looks the customer up and settles the signup accordingly. Call it only once Cheddar can no longer be processing
    /// this signup's customers/new (its outcome is known, or the settle time has passed): "not found" is then final.
    /// Throws what the lookup throws when Cheddar cannot be asked; the row then stays for a later try.
    /// </summary>
    /// <param name="claim">
    /// The cleanup's claim on the row (the attempt count its claiming update wrote), or null for the signup's own request.
    /// Every step that removes something names it, so a signup its request completed meanwhile is left as it is.
    /// </param>
    public async Task<PendingSignupOutcome> ResolveAsync(PendingSignup pending, CancellationToken cancellationToken, int? claim = null)
    {
        if (await FindUserAsync(pending.CustomerCode) is { } existing)
        {
            // The row is removed in the user's own transaction, so this is a leftover of a completed signup.
            await ForgetAsync(pending.CustomerCode);
            return PendingSignupOutcome.Completed(existing);
        }
        var customer = await cheddar.FindCustomerAsync(pending.CustomerCode, cancellationToken);
        if (customer is null)
        {
            snapshots.StoreMissing(pending.CustomerCode);
            await ForgetAsync(pending.CustomerCode);
            LogNotCreated(pending.CustomerCode);
            return PendingSignupOutcome.NotCreated;
        }
        return await SettleExistingAsync(pending, customer, cancellationToken, claim);
    }

    /// <summary>Cheddar has the customer (it answered, or a lookup found it): complete the account or, for a refused signup that took no money, remove it.</summary>
    public async Task<PendingSignupOutcome> SettleExistingAsync(PendingSignup pending, Customer customer, CancellationToken cancellationToken, int? claim = null)
    {
        var canComplete = pending.State == PendingSignupState.Started && pending.PasswordHash is not null && pending.Email is not null;
        if (!canComplete)
        {
            if (TookMoney(customer))
            {
                // Abandoned, or a row from before signups carried their account data: the customer paid, so it stays.
                return Park(pending, "Cheddar customer took money but the signup has no account data to complete");
            }
            if (!await StillPendingAsync(pending, claim))
            {
                return SettledElsewhere(pending, null);
            }
            await cheddar.DeleteCustomerAsync(pending.CustomerCode, cancellationToken);
            snapshots.StoreMissing(pending.CustomerCode);
            await ForgetAsync(pending.CustomerCode);
            LogRemoved(pending.CustomerCode);
            return PendingSignupOutcome.Removed;
        }
        var (user, failure) = await CreateUserAsync(pending, claim);
        if (user is null && failure is not null)
        {
            // Tried once more in a clean state: a busy database is the likely cause, and the customer must get its account.
            (user, failure) = await CreateUserAsync(pending, claim);
        }
        var completed = user is null ? await FindUserAsync(pending.CustomerCode) : null;
        if (user is null && (completed is not null || !await StillPendingAsync(pending, claim)))
        {
            // The account exists, or the row is gone or no longer as this caller knew it: the signup's request (or another
            // instance) settled it meanwhile. Its customer and account are left exactly as they are: never deleted, never
            // parked from here.
            return SettledElsewhere(pending, completed);
        }
        if (user is null && !TookMoney(customer))
        {
            // No money was taken (a free plan or a trial), so removing the customer is allowed and lets the user try again.
            await cheddar.DeleteCustomerAsync(pending.CustomerCode, cancellationToken);
            snapshots.StoreMissing(pending.CustomerCode);
            await ForgetAsync(pending.CustomerCode);
            LogRemoved(pending.CustomerCode);
            return PendingSignupOutcome.Removed;
        }
        if (user is null)
        {
            return Park(pending, failure ?? "the local account could not be created");
        }
        snapshots.Store(customer);
        LogCompleted(pending.CustomerCode);
        return PendingSignupOutcome.Completed(user);
    }

    /// <summary>Drops the row of a signup that left nothing at Cheddar.</summary>
    public async Task ForgetAsync(string customerCode)
    {
        db.ChangeTracker.Clear();
        await db.PendingSignups.Where(p => p.CustomerCode == customerCode).ExecuteDeleteAsync(CancellationToken.None);
    }

    /// <summary>
    /// Marks a refused signup: its customer is to be removed (if it took no money), and its email is free for a new
    /// attempt. The account data goes with it.
    /// </summary>
    public async Task AbandonAsync(string customerCode)
    {
        db.ChangeTracker.Clear();
        await db.PendingSignups.Where(p => p.CustomerCode == customerCode).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.State, PendingSignupState.Abandoned)
            .SetProperty(p => p.NormalizedEmail, (string?)null)
            .SetProperty(p => p.PasswordHash, (string?)null), CancellationToken.None);
    }

    /// <summary>
    /// Removes the row and creates the Identity user from it, in one transaction. The row goes first, named as the caller
    /// knew it: if it is already gone (settled elsewhere) nothing is created and both results are null.
    /// </summary>
    private async Task<(ApplicationUser? User, string? Failure)> CreateUserAsync(PendingSignup pending, int? claim)
    {
        db.ChangeTracker.Clear();
        var user = new ApplicationUser
        {
            Id = pending.CustomerCode,
            UserName = pending.Email,
            Email = pending.Email,
            PasswordHash = pending.PasswordHash,
        };
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            // On PostgreSQL the delete also locks the row, so a second settler waits here and then finds nothing to delete.
            if (await Fenced(pending, claim).ExecuteDeleteAsync(CancellationToken.None) != 1)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return (null, null);
            }
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                var codes = string.Join("; ", created.Errors.Select(e => e.Code));
                LogLocalStepFailed(null, pending.CustomerCode, codes);
                return (null, "creating the local account failed: " + codes);
            }
            await transaction.CommitAsync(CancellationToken.None);
            return (user, null);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            LogLocalStepFailed(ex, pending.CustomerCode, ex.GetType().Name);
            db.ChangeTracker.Clear();
            return (null, "creating the local account failed: " + ex.GetType().Name);
        }
    }

    /// <summary>
    /// The row as the caller knew it: its state, and for the cleanup also the attempt count its claim wrote. The signup's
    /// own request names the state only, so it can still finish a signup the cleanup has claimed (the cleanup then finds
    /// the row gone and leaves the account alone).
    /// </summary>
    private IQueryable<PendingSignup> Fenced(PendingSignup pending, int? claim)
    {
        var rows = db.PendingSignups.Where(p => p.CustomerCode == pending.CustomerCode && p.State == pending.State);
        return claim is { } attempts ? rows.Where(p => p.CleanupAttempts == attempts) : rows;
    }

    private async Task<bool> StillPendingAsync(PendingSignup pending, int? claim)
    {
        db.ChangeTracker.Clear();
        return await Fenced(pending, claim).AnyAsync(CancellationToken.None);
    }

    private PendingSignupOutcome SettledElsewhere(PendingSignup pending, ApplicationUser? completed)
    {
        LogSettledElsewhere(pending.CustomerCode);
        return PendingSignupOutcome.SettledElsewhere(completed);
    }

    private async Task<ApplicationUser?> FindUserAsync(string userId)
    {
        db.ChangeTracker.Clear();
        return await users.FindByIdAsync(userId);
    }

    private PendingSignupOutcome Park(PendingSignup pending, string reason)
    {
        LogParked(pending.CustomerCode, reason);
        return PendingSignupOutcome.Parked(reason);
    }

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Completed the account of signup {CustomerCode} from its pending row: Cheddar has the customer")]
    private partial void LogCompleted(string customerCode);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Cheddar never created customer {CustomerCode}; the unfinished signup left nothing behind")]
    private partial void LogNotCreated(string customerCode);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Information, Message = "Removed Cheddar customer {CustomerCode} of a signup that could not complete (no money was taken)")]
    private partial void LogRemoved(string customerCode);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Error, Message = "Signup {CustomerCode} is parked for an operator: {Reason}. Its Cheddar customer is kept; the row stays in PendingSignups")]
    private partial void LogParked(string customerCode, string reason);

    [LoggerMessage(EventId = 3025, Level = LogLevel.Information, Message = "Signup {CustomerCode} was settled elsewhere meanwhile (its request or another instance); left as it is")]
    private partial void LogSettledElsewhere(string customerCode);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Error, Message = "Creating local user {UserId} failed after Cheddar accepted it ({Reason})")]
    private partial void LogLocalStepFailed(Exception? error, string userId, string reason);
}
