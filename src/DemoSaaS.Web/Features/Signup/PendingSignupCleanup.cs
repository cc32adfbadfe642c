using DemoSaaS.Web.Data;
using Medallion.Threading;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Signup;

/// <summary>
/// Settles signups that did not finish in their own request (see <see cref="PendingSignup"/>) once Cheddar can no longer
/// be processing their customers/new: a customer Cheddar has gets its account completed from the row (roll forward);
/// a customer Cheddar never created leaves nothing to do; only a refused signup's customer that took no money is
/// removed. The decisions are <see cref="SignupCompletion"/>'s, the same the signup request makes.
/// </summary>
/// <remarks>
/// With several instances on one database, a pass runs on one instance at a time (the <c>job:pending-signup-cleanup</c>
/// lock, which dies with its database session), and each row is claimed by an update that names the state the pass read,
/// so a row is settled once, and a signup whose own request finishes meanwhile is left alone.
/// </remarks>
internal sealed partial class PendingSignupCleanup(
    IServiceScopeFactory scopes,
    SignupsInProgress inProgress,
    IDistributedLockProvider locks,
    IOptions<SignupOptions> options,
    TimeProvider time,
    ILogger<PendingSignupCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CleanUpAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The rows stay; the next pass tries again.
                LogCleanupFailed(ex);
            }
            try
            {
                await Task.Delay(options.Value.CleanupInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The cross-instance lock a pass runs under.</summary>
    public const string JobLockName = "job:pending-signup-cleanup";

    /// <summary>One pass, unless another instance is running one (then this instance waits for the next interval).</summary>
    internal async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        await using var job = await locks.CreateLock(JobLockName).TryAcquireAsync(TimeSpan.Zero, cancellationToken);
        if (job is null)
        {
            return;
        }
        // The lock is deliberately not watched for loss (HandleLostToken): on PostgreSQL that parks a 60 s pg_sleep on the
        // lock's connection, and a release whose cancel of it reaches the server before the sleep starts waits the minute
        // out, holding every instance's cleanup off. A pass is short, and if its session dies meanwhile the row claims
        // (fenced updates) keep a second pass from settling a row twice.
        await CleanUpClaimedRowsAsync(cancellationToken);
    }

    private async Task CleanUpClaimedRowsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var completion = scope.ServiceProvider.GetRequiredService<SignupCompletion>();
        var now = time.GetUtcNow().UtcDateTime;
        var settledBefore = now - options.Value.SettleTime;
        var due = await db.PendingSignups.AsNoTracking()
            .Where(p => p.StartedAtUtc <= settledBefore && (p.NextCleanupAtUtc == null || p.NextCleanupAtUtc <= now))
            .ToListAsync(cancellationToken);
        foreach (var pending in due.Where(p => !inProgress.Contains(p.CustomerCode)))
        {
            if (!await ClaimAsync(db, pending, now, cancellationToken))
            {
                // Another instance claimed it, or its signup finished (the row is gone) since the list was read: not ours to touch.
                LogNotClaimed(pending.CustomerCode);
                continue;
            }
            string? failure;
            try
            {
                // Settled: Cheddar can no longer be processing this signup's customers/new, so what it holds now is final.
                var outcome = await completion.ResolveAsync(pending, cancellationToken, claim: pending.CleanupAttempts);
                LogResolved(pending.CustomerCode, outcome.Kind);
                failure = outcome.Kind == PendingSignupOutcomeKind.Parked ? outcome.Reason : null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogRetry(ex, pending.CustomerCode, pending.CleanupAttempts);
                failure = ex.Message;
            }
            if (failure is not null)
            {
                // The row stays (a parked one where an operator finds it: PendingSignups.LastError and the Error log),
                // written only while the claim is still ours.
                var next = now + TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, Math.Min(pending.CleanupAttempts, 12))));
                var error = failure.Length > 1000 ? failure[..1000] : failure;
                db.ChangeTracker.Clear();
                await Claimed(db, pending).ExecuteUpdateAsync(s => s
                    .SetProperty(p => p.NextCleanupAtUtc, next)
                    .SetProperty(p => p.LastError, error), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Claims one row for this pass: an update whose WHERE names the state and attempt count the pass read, so of two
    /// instances (or a pass and a signup finishing) exactly one goes on. The claim also moves the row's next look-up
    /// past <see cref="ClaimLease"/>, so if this instance dies mid-row another takes the row over after that.
    /// On success <paramref name="pending"/> carries the claimed attempt count, which every later write names.
    /// </summary>
    private async Task<bool> ClaimAsync(ApplicationDbContext db, PendingSignup pending, DateTime now, CancellationToken cancellationToken)
    {
        var claimed = pending.CleanupAttempts + 1;
        var leaseEnd = now + ClaimLease;
        db.ChangeTracker.Clear();
        var rows = await db.PendingSignups
            .Where(p => p.CustomerCode == pending.CustomerCode && p.State == pending.State && p.CleanupAttempts == pending.CleanupAttempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.CleanupAttempts, claimed)
                .SetProperty(p => p.NextCleanupAtUtc, leaseEnd), cancellationToken);
        if (rows != 1)
        {
            return false;
        }
        pending.CleanupAttempts = claimed;
        return true;
    }

    /// <summary>The row as this pass claimed it (gone or changed once another instance or the signup itself settled it).</summary>
    internal static IQueryable<PendingSignup> Claimed(ApplicationDbContext db, PendingSignup pending) =>
        db.PendingSignups.Where(p => p.CustomerCode == pending.CustomerCode && p.State == pending.State && p.CleanupAttempts == pending.CleanupAttempts);

    /// <summary>
    /// How long a claimed row is left alone by other passes: longer than settling one row takes (two Cheddar calls, each
    /// bounded by the timeout), and no longer, since it is also how long a row waits when the instance settling it dies
    /// (passes run under a job lock that dies with its instance, so the next holder is never racing a live one).
    /// </summary>
    private TimeSpan ClaimLease => options.Value.CheddarTimeout * 4 + TimeSpan.FromSeconds(5);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Settled unfinished signup {CustomerCode}: {Outcome}")]
    private partial void LogResolved(string customerCode, PendingSignupOutcomeKind outcome);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Could not settle unfinished signup {CustomerCode} with Cheddar (attempt {Attempt}); will retry")]
    private partial void LogRetry(Exception error, string customerCode, int attempt);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Error, Message = "Signup cleanup pass failed")]
    private partial void LogCleanupFailed(Exception error);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Debug, Message = "Unfinished signup {CustomerCode} was claimed elsewhere or finished meanwhile; left alone")]
    private partial void LogNotClaimed(string customerCode);
}
