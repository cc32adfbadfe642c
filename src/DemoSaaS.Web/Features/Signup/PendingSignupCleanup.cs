using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing.Cheddar;
using DemoSaaS.Web.Features.Billing.Gating;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Signup;

/// <summary>
/// Deletes Cheddar customers left by signups that did not complete (see <see cref="PendingSignup"/>), once such a
/// signup has settled, i.e. Cheddar can no longer be processing its customers/new.
/// </summary>
internal sealed partial class PendingSignupCleanup(
    IServiceScopeFactory scopes,
    CheddarBilling cheddar,
    CustomerSnapshotCache snapshots,
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
        var now = time.GetUtcNow().UtcDateTime;
        var settledBefore = now - options.Value.SettleTime;
        var due = await db.PendingSignups
            .Where(p => p.StartedAtUtc <= settledBefore && (p.NextCleanupAtUtc == null || p.NextCleanupAtUtc <= now))
            .ToListAsync(cancellationToken);
        foreach (var pending in due.Where(p => !inProgress.Contains(p.CustomerCode)))
        {
            // The row is removed in the user's own transaction, so a user with this id means the signup did complete.
            if (await db.Users.AnyAsync(u => u.Id == pending.CustomerCode, cancellationToken))
            {
                db.PendingSignups.Remove(pending);
                await db.SaveChangesAsync(cancellationToken);
                continue;
            }
            try
            {
                await cheddar.DeleteCustomerAsync(pending.CustomerCode, cancellationToken);
                snapshots.StoreMissing(pending.CustomerCode);
                db.PendingSignups.Remove(pending);
                LogRemoved(pending.CustomerCode);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                pending.CleanupAttempts++;
                pending.NextCleanupAtUtc = now + TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, Math.Min(pending.CleanupAttempts, 12))));
                pending.LastError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
                LogRetry(ex, pending.CustomerCode, pending.CleanupAttempts);
            }
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Made sure Cheddar has no customer {CustomerCode} left by an unfinished signup")]
    private partial void LogRemoved(string customerCode);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Could not remove Cheddar customer {CustomerCode} of an unfinished signup (attempt {Attempt}); will retry")]
    private partial void LogRetry(Exception error, string customerCode, int attempt);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Error, Message = "Signup cleanup pass failed")]
    private partial void LogCleanupFailed(Exception error);
}
