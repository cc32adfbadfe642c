using DemoSaaS.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// Parked batches and the two operator decisions on them, each recorded as a <see cref="UsageBatchAction"/>:
/// <b>mark applied</b> (the operator checked Cheddar counted it) and <b>send again</b> (the operator checked it did not).
/// Neither touches the item's ledger: parking already made the relay read Cheddar's quantity as a new opening before
/// its next batch, so later uses kept being metered meanwhile.
/// </summary>
public sealed class ParkedUsage(ApplicationDbContext db, UsageOutboxChanges outboxChanges, UsageRelaySignal relay, TimeProvider time)
{
    public async Task<IReadOnlyList<ParkedBatch>> ListAsync(CancellationToken cancellationToken)
    {
        var batches = await db.UsageBatches.AsNoTracking()
            .Where(b => b.State == UsageBatchState.Parked)
            .OrderBy(b => b.ClaimedAtUtc)
            .ToListAsync(cancellationToken);
        var result = new List<ParkedBatch>(batches.Count);
        foreach (var batch in batches)
        {
            var email = await db.Users.AsNoTracking().Where(u => u.Id == batch.CustomerCode).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
            result.Add(new ParkedBatch(batch.Id, batch.CustomerCode, email, batch.ItemCode, batch.Quantity, batch.ClaimedAtUtc,
                batch.ClaimedInPeriod, batch.Reason ?? ""));
        }
        return result;
    }

    /// <summary>The recorded decisions, newest first.</summary>
    public async Task<IReadOnlyList<UsageBatchAction>> RecentActionsAsync(int count, CancellationToken cancellationToken) =>
        await db.UsageBatchActions.AsNoTracking().OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id).Take(count).ToListAsync(cancellationToken);

    /// <summary>The operator checked that Cheddar counted the batch: its uses become delivered. False if it is not parked (any more).</summary>
    public Task<bool> MarkAppliedAsync(Guid batchId, string userId, string userName, CancellationToken cancellationToken) =>
        DecideAsync(batchId, userId, userName, UsageBatchAction.MarkApplied, cancellationToken);

    /// <summary>The operator checked that Cheddar did not count the batch: its uses go back to pending and travel in a new batch.</summary>
    public Task<bool> SendAgainAsync(Guid batchId, string userId, string userName, CancellationToken cancellationToken) =>
        DecideAsync(batchId, userId, userName, UsageBatchAction.SendAgain, cancellationToken);

    private async Task<bool> DecideAsync(Guid batchId, string userId, string userName, string action, CancellationToken cancellationToken)
    {
        var batch = await db.UsageBatches.FirstOrDefaultAsync(b => b.Id == batchId && b.State == UsageBatchState.Parked, cancellationToken);
        if (batch is null)
        {
            return false;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var detail = $"{batch.Quantity} {batch.ItemCode} for customer {batch.CustomerCode}, parked: {batch.Reason}";
        db.UsageBatchActions.Add(new UsageBatchAction
        {
            BatchId = batch.Id,
            Action = action,
            UserId = userId,
            UserName = userName,
            AtUtc = now,
            Detail = detail.Length > 1000 ? detail[..1000] : detail,
        });
        var rows = await db.UsageOutbox.Where(u => u.BatchId == batch.Id && u.State == UsageState.Parked).ToListAsync(cancellationToken);
        var sendAgain = action == UsageBatchAction.SendAgain;
        foreach (var row in rows)
        {
            row.State = sendAgain ? UsageState.Pending : UsageState.Delivered;
            row.BatchId = sendAgain ? null : row.BatchId;
            row.SettledAtUtc = sendAgain ? null : now;
            row.Reason = null;
        }
        batch.State = sendAgain ? UsageBatchState.SentAgain : UsageBatchState.Delivered;
        batch.SettledAtUtc = now;
        batch.Reason = $"{action} by {userName}: {batch.Reason}";
        if (batch.Reason.Length > 1000)
        {
            batch.Reason = batch.Reason[..1000];
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
        outboxChanges.Bump();
        relay.Notify();
        return true;
    }
}
