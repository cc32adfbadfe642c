using DemoSaaS.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Signup;

/// <summary>
/// Settles signups that did not finish in their own request (see <see cref="PendingSignup"/>) once Cheddar can no longer
/// be processing their customers/new: a customer Cheddar has gets its account completed from the row (roll forward);
/// a customer Cheddar never created leaves nothing to do; only a refused signup's customer that took no money is
/// removed. The decisions are <see cref="SignupCompletion"/>'s, the same the signup request makes.
/// </summary>
internal sealed partial class PendingSignupCleanup(
    IServiceScopeFactory scopes,
    SignupsInProgress inProgress,
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

    internal async Task CleanUpAsync(CancellationToken cancellationToken)
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
            string? failure;
            try
            {
                // Settled: Cheddar can no longer be processing this signup's customers/new, so what it holds now is final.
                var outcome = await completion.ResolveAsync(pending, cancellationToken);
                LogResolved(pending.CustomerCode, outcome.Kind);
                failure = outcome.Kind == PendingSignupOutcomeKind.Parked ? outcome.Reason : null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogRetry(ex, pending.CustomerCode, pending.CleanupAttempts + 1);
                failure = ex.Message;
            }
            if (failure is not null)
            {
                // The row stays (a parked one where an operator finds it: PendingSignups.LastError and the Error log).
                var attempts = pending.CleanupAttempts + 1;
                var next = now + TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, Math.Min(attempts, 12))));
                var error = failure.Length > 1000 ? failure[..1000] : failure;
                db.ChangeTracker.Clear();
                await db.PendingSignups.Where(p => p.CustomerCode == pending.CustomerCode).ExecuteUpdateAsync(s => s
                    .SetProperty(p => p.CleanupAttempts, attempts)
                    .SetProperty(p => p.NextCleanupAtUtc, next)
                    .SetProperty(p => p.LastError, error), cancellationToken);
            }
        }
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Settled unfinished signup {CustomerCode}: {Outcome}")]
    private partial void LogResolved(string customerCode, PendingSignupOutcomeKind outcome);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Could not settle unfinished signup {CustomerCode} with Cheddar (attempt {Attempt}); will retry")]
    private partial void LogRetry(Exception error, string customerCode, int attempt);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Error, Message = "Signup cleanup pass failed")]
    private partial void LogCleanupFailed(Exception error);
}
