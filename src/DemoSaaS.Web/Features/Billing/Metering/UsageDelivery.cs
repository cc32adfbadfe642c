using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing.Cheddar;
using DemoSaaS.Web.Features.Billing.Gating;
using DemoSaaS.Web.Features.Billing.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// One flush of the usage outbox: reconcile batches whose outcome is unknown, then send each customer's pending
/// uses of an item as ONE add-item-quantity call. The algorithm is explained in docs/decisions/0002-metering-exactly-once.md.
/// </summary>
internal sealed partial class UsageDelivery(
    ApplicationDbContext db,
    CheddarBilling cheddar,
    CustomerSnapshotCache snapshots,
    IOptions<BillingOptions> options,
    IOptions<ReportPackOptions> reportPacks,
    TimeProvider time,
    ILogger<UsageDelivery> logger)
{
    /// <summary>Delivers what is due; returns when the next delayed retry is due (null if none).</summary>
    /// <param name="afterRestart">The first flush of a process: batches a previous process left in flight are settled at once.</param>
    public async Task<DateTime?> FlushAsync(bool afterRestart, CancellationToken cancellationToken)
    {
        var now = Now;

        // A batch still in flight when a flush starts was interrupted (unknown outcome or a crash): settle it first.
        var interrupted = await db.MeteringLedgers
            .Where(l => l.InFlightBatchId != null
                && (l.NextAttemptAtUtc == null || l.NextAttemptAtUtc <= now || (afterRestart && l.NextAttemptAtUtc != DateTime.MaxValue)))
            .ToListAsync(cancellationToken);
        foreach (var ledger in interrupted.TakeWhile(_ => !_cheddarUnreachable))
        {
            await ReconcileAsync(ledger, cancellationToken);
        }

        var groups = await db.UsageOutbox
            .Where(u => u.BatchId == null && u.DeliveredAtUtc == null && u.RejectedReason == null)
            .Select(u => new { u.CustomerCode, u.ItemCode })
            .Distinct()
            .ToListAsync(cancellationToken);
        foreach (var group in groups.TakeWhile(_ => !_cheddarUnreachable))
        {
            var ledger = await db.MeteringLedgers.FindAsync([group.CustomerCode, group.ItemCode], cancellationToken);
            if (ledger is null)
            {
                ledger = new MeteringLedger { CustomerCode = group.CustomerCode, ItemCode = group.ItemCode };
                db.MeteringLedgers.Add(ledger);
            }
            if (ledger.InFlightBatchId is not null || ledger.NextAttemptAtUtc > now)
            {
                continue;
            }
            await DeliverAsync(ledger, cancellationToken);
        }

        return await db.MeteringLedgers
            .Where(l => l.NextAttemptAtUtc != null && l.NextAttemptAtUtc > now)
            .MinAsync(l => l.NextAttemptAtUtc, cancellationToken);
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    // Set when a call found Cheddar down or hanging: the rest of this flush waits for the next one instead of
    // spending a full timeout per customer.
    private bool _cheddarUnreachable;

    private async Task DeliverAsync(MeteringLedger ledger, CancellationToken cancellationToken)
    {
        // Reconciliation compares against what Cheddar showed before the batch, so that value must be known first.
        if (ledger.ConfirmedQuantity is null)
        {
            var before = await ReadCustomerAsync(ledger, cancellationToken);
            if (before is null)
            {
                return;
            }
            Remember(ledger, before);
            await db.SaveChangesAsync(cancellationToken);
        }

        // Claim: the batch and its rows are committed before the call, so a crash leaves a batch to reconcile, never a lost one.
        var rows = await db.UsageOutbox
            .Where(u => u.CustomerCode == ledger.CustomerCode && u.ItemCode == ledger.ItemCode
                && u.BatchId == null && u.DeliveredAtUtc == null && u.RejectedReason == null)
            .ToListAsync(cancellationToken);
        rows = await CoverWithReportPacksAsync(ledger, rows, cancellationToken);
        if (rows.Count == 0)
        {
            // Everything pending was paid for by a report pack: nothing goes to Cheddar.
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        var batchId = Guid.NewGuid();
        rows.ForEach(r => r.BatchId = batchId);
        ledger.InFlightBatchId = batchId;
        ledger.InFlightQuantity = rows.Sum(r => r.Quantity);
        ledger.InFlightSinceUtc = Now;
        // Synced to disk before the call (and with it every earlier commit): the app's other commits may be rolled back
        // by an OS crash (synchronous=NORMAL), and a lost claim would send its uses a second time. A lost confirmation is
        // harmless: the batch is then in flight again and reconciled. See docs/decisions/0005-sqlite-durability.md.
        await using (await DurableCommits.BeginAsync(db, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        Customer customer;
        SnapshotVersion requestedAt;
        try
        {
            requestedAt = snapshots.Version();
            customer = await cheddar.AddItemQuantityAsync(ledger.CustomerCode, ledger.ItemCode, ledger.InFlightQuantity, cancellationToken);
        }
        catch (CheddarException ex) when (ex.StatusCode == System.Net.HttpStatusCode.PreconditionFailed && rows.Count > 1)
        {
            // A plan's hard limit refused the batch as a whole (two uses raced past gating): keep what still fits.
            if (await RejectExcessAsync(ledger, rows, ex.CheddarMessage, cancellationToken))
            {
                await DeliverAsync(ledger, cancellationToken);
            }
            return;
        }
        catch (CheddarException ex) when (IsPermanentRefusal(ex))
        {
            await RejectAsync(ledger, ex.CheddarMessage, cancellationToken);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Maybe applied, maybe not: the next flush reconciles against customers/get before sending anything else.
            await PostponeAsync(ledger, ex, cancellationToken);
            return;
        }
        await ConfirmAsync(ledger, customer, requestedAt, cancellationToken);
    }

    /// <summary>
    /// Marks the uses a report pack paid for (those beyond the plan's included quantity, while pack units remain this
    /// period) as covered instead of sending them: Cheddar would refuse them above FREE's hard limit or bill them again
    /// as overage. Returns the rows still to send. The marks are saved with the batch claim, in one transaction.
    /// </summary>
    private async Task<List<UsageOutboxEntry>> CoverWithReportPacksAsync(MeteringLedger ledger, List<UsageOutboxEntry> rows, CancellationToken cancellationToken)
    {
        if (!string.Equals(ledger.ItemCode, reportPacks.Value.ItemCode, StringComparison.Ordinal))
        {
            return rows;
        }
        // The snapshot gating just decided on; a failed read means no pack is known and the uses go to Cheddar as usual.
        var snapshot = (await snapshots.GetAsync(ledger.CustomerCode, cancellationToken)).Snapshot;
        var customer = snapshot?.Customer;
        var planItem = customer?.CurrentSubscription?.Plan.FindItem(ledger.ItemCode);
        if (snapshot is null || customer is null || planItem is null || planItem.IsUnlimited)
        {
            return rows;
        }
        var asOf = snapshot.EffectiveNow;
        var credit = ReportPackCredit.UnitsFor(customer, ledger.ItemCode, asOf, reportPacks.Value);
        if (credit <= 0)
        {
            return rows;
        }
        var periodStart = ReportPackCredit.PeriodStart(customer, asOf);
        var remaining = credit - await ReportPackCoverage.CoveredSinceAsync(db, ledger.CustomerCode, ledger.ItemCode, periodStart, cancellationToken);
        var included = Math.Max(0, planItem.QuantityIncluded - (customer.CurrentSubscription!.FindUsage(ledger.ItemCode)?.Used ?? 0));
        var toSend = new List<UsageOutboxEntry>();
        var now = Now;
        foreach (var row in rows.OrderBy(r => r.RecordedAtUtc).ThenBy(r => r.Id))
        {
            if (row.Quantity <= included)
            {
                included -= row.Quantity;
                toSend.Add(row);
            }
            else if (row.RecordedAtUtc >= periodStart.UtcDateTime && row.Quantity <= remaining)
            {
                remaining -= row.Quantity;
                row.CoveredByReportPack = true;
                row.DeliveredAtUtc = now;
            }
            else
            {
                toSend.Add(row);
            }
        }
        if (toSend.Count < rows.Count)
        {
            LogCoveredByPack(ledger.CustomerCode, ledger.ItemCode, rows.Count - toSend.Count);
        }
        return toSend;
    }

    private async Task ReconcileAsync(MeteringLedger ledger, CancellationToken cancellationToken)
    {
        // Gating orders what it is given by when the request started; the set below is no older than this read.
        var requestedAt = snapshots.Version();
        var customer = await ReadCustomerAsync(ledger, cancellationToken);
        if (customer is null)
        {
            return;
        }
        var subscription = customer.CurrentSubscription;
        var shown = subscription?.FindUsage(ledger.ItemCode)?.Used ?? 0;
        var before = ledger.ConfirmedQuantity ?? 0;
        // A periodic item starts again at 0 when the billing period rolls over.
        if (PeriodOf(customer) != ledger.ConfirmedPeriod && subscription?.Plan.FindItem(ledger.ItemCode) is { IsPeriodic: true })
        {
            before = 0;
        }
        var expected = before + ledger.InFlightQuantity;

        if (shown == expected)
        {
            LogReconciled(ledger.CustomerCode, ledger.ItemCode, ledger.InFlightQuantity, "applied once");
            await ConfirmAsync(ledger, customer, requestedAt, cancellationToken);
            return;
        }

        var notApplied = shown == before;
        var appliedRepeatedly = shown > expected && ledger.InFlightQuantity > 0 && (shown - before) % ledger.InFlightQuantity == 0;
        if (!notApplied && !appliedRepeatedly)
        {
            // Someone else changed the quantity meanwhile; guessing could bill twice or lose uses. Park for a person.
            LogUnexplained(ledger.CustomerCode, ledger.ItemCode, shown, before, expected);
            ledger.LastError = $"Cheddar shows {shown}; expected {before} (batch not applied) or {expected} (applied once). Needs review.";
            ledger.NextAttemptAtUtc = DateTime.MaxValue;
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        // set-item-quantity is idempotent: repeating it after another unknown outcome cannot count twice.
        LogReconciled(ledger.CustomerCode, ledger.ItemCode, ledger.InFlightQuantity, notApplied ? "not applied; setting" : "applied more than once; correcting");
        try
        {
            customer = await cheddar.SetItemQuantityAsync(ledger.CustomerCode, ledger.ItemCode, expected, cancellationToken);
        }
        catch (CheddarException ex) when (IsPermanentRefusal(ex) && notApplied)
        {
            await RejectAsync(ledger, ex.CheddarMessage, cancellationToken);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await PostponeAsync(ledger, ex, cancellationToken);
            return;
        }
        await ConfirmAsync(ledger, customer, requestedAt, cancellationToken);
    }

    /// <summary>customers/get for the ledger's customer; null (and the ledger updated) when that failed or the customer is gone.</summary>
    private async Task<Customer?> ReadCustomerAsync(MeteringLedger ledger, CancellationToken cancellationToken)
    {
        try
        {
            var customer = await cheddar.FindCustomerAsync(ledger.CustomerCode, cancellationToken);
            if (customer is null)
            {
                await RejectAsync(ledger, "The Cheddar customer no longer exists.", cancellationToken);
            }
            return customer;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await PostponeAsync(ledger, ex, cancellationToken);
            return null;
        }
    }

    private async Task ConfirmAsync(MeteringLedger ledger, Customer customer, SnapshotVersion requestedAt, CancellationToken cancellationToken)
    {
        // The snapshot first: until the rows are marked delivered, gating counts them twice (errs on the safe side), never zero times.
        snapshots.Store(customer, requestedAt);
        var now = Now;
        if (ledger.InFlightBatchId is { } batchId)
        {
            await db.UsageOutbox.Where(u => u.BatchId == batchId)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.DeliveredAtUtc, now), cancellationToken);
            LogDelivered(ledger.CustomerCode, ledger.ItemCode, ledger.InFlightQuantity);
        }
        Remember(ledger, customer);
        ClearInFlight(ledger);
        ledger.FailedAttempts = 0;
        ledger.NextAttemptAtUtc = null;
        ledger.LastError = null;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// After Cheddar refused a batch with 412 (not applied): reads the customer, puts back as many of the oldest uses as
    /// still fit under the plan's included quantity (when it has no overage price) and rejects the rest. True when
    /// some uses were put back for sending.
    /// </summary>
    private async Task<bool> RejectExcessAsync(MeteringLedger ledger, List<UsageOutboxEntry> rows, string reason, CancellationToken cancellationToken)
    {
        var customer = await ReadCustomerAsync(ledger, cancellationToken);
        if (customer is null)
        {
            return false;
        }
        var planItem = customer.CurrentSubscription?.Plan.FindItem(ledger.ItemCode);
        var capacity = planItem is { OverageAmount: 0, IsUnlimited: false }
            ? planItem.QuantityIncluded - (customer.CurrentSubscription!.FindUsage(ledger.ItemCode)?.Used ?? 0)
            : 0;
        var kept = 0;
        foreach (var row in rows.OrderBy(r => r.RecordedAtUtc).ThenBy(r => r.Id))
        {
            if (row.Quantity <= capacity)
            {
                capacity -= row.Quantity;
                row.BatchId = null;
                kept++;
            }
            else
            {
                row.RejectedReason = reason.Length > 500 ? reason[..500] : reason;
            }
        }
        LogRejected(ledger.CustomerCode, ledger.ItemCode, $"{rows.Count - kept} of {rows.Count} uses: {reason}");
        Remember(ledger, customer);
        ClearInFlight(ledger);
        ledger.LastError = reason;
        await db.SaveChangesAsync(cancellationToken);
        return kept > 0;
    }

    private async Task RejectAsync(MeteringLedger ledger, string reason, CancellationToken cancellationToken)
    {
        LogRejected(ledger.CustomerCode, ledger.ItemCode, reason);
        var rows = await db.UsageOutbox
            .Where(u => u.CustomerCode == ledger.CustomerCode && u.ItemCode == ledger.ItemCode
                && u.DeliveredAtUtc == null && u.RejectedReason == null
                && (u.BatchId == null || u.BatchId == ledger.InFlightBatchId))
            .ToListAsync(cancellationToken);
        rows.ForEach(r => r.RejectedReason = reason.Length > 500 ? reason[..500] : reason);
        ClearInFlight(ledger);
        ledger.ConfirmedQuantity = null;
        ledger.LastError = reason;
        ledger.NextAttemptAtUtc = null;
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task PostponeAsync(MeteringLedger ledger, Exception error, CancellationToken cancellationToken)
    {
        _cheddarUnreachable |= error is CheddarUnavailableException or OperationCanceledException or HttpRequestException
            or CheddarException { IsTransient: true };
        ledger.FailedAttempts++;
        var backoff = TimeSpan.FromTicks(Math.Min(
            options.Value.RelayMaxBackoff.Ticks,
            options.Value.RelayInitialBackoff.Ticks * (1L << Math.Min(ledger.FailedAttempts - 1, 20))));
        ledger.NextAttemptAtUtc = Now + backoff;
        ledger.LastError = error.Message.Length > 1000 ? error.Message[..1000] : error.Message;
        LogPostponed(error, ledger.CustomerCode, ledger.ItemCode, ledger.FailedAttempts, backoff);
        await db.SaveChangesAsync(cancellationToken);
    }

    private void Remember(MeteringLedger ledger, Customer customer)
    {
        ledger.ConfirmedQuantity = customer.CurrentSubscription?.FindUsage(ledger.ItemCode)?.Used ?? 0;
        ledger.ConfirmedPeriod = PeriodOf(customer);
        ledger.ConfirmedAtUtc = Now;
    }

    private static void ClearInFlight(MeteringLedger ledger)
    {
        ledger.InFlightBatchId = null;
        ledger.InFlightQuantity = 0;
        ledger.InFlightSinceUtc = null;
    }

    /// <summary>Identifies the billing period: the current subscription and its current invoice.</summary>
    private static string? PeriodOf(Customer customer) =>
        customer.CurrentSubscription is { } subscription ? $"{subscription.Id}/{subscription.CurrentInvoice?.Id}" : null;

    /// <summary>Cheddar refused and will keep refusing: unknown customer or item, or a quantity the plan forbids.</summary>
    private static bool IsPermanentRefusal(CheddarException ex) =>
        ex.IsNotFound || ex.StatusCode == System.Net.HttpStatusCode.PreconditionFailed || ex.IsGatewayDecline;

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Delivered {Quantity} {ItemCode} for customer {CustomerCode} to Cheddar")]
    private partial void LogDelivered(string customerCode, string itemCode, decimal quantity);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Usage delivery for customer {CustomerCode} item {ItemCode} failed (attempt {Attempt}); retrying in {Backoff}")]
    private partial void LogPostponed(Exception error, string customerCode, string itemCode, int attempt, TimeSpan backoff);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Reconciled batch of {Quantity} {ItemCode} for customer {CustomerCode}: {Outcome}")]
    private partial void LogReconciled(string customerCode, string itemCode, decimal quantity, string outcome);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Cheddar refused usage of {ItemCode} for customer {CustomerCode} for good: {Reason}")]
    private partial void LogRejected(string customerCode, string itemCode, string reason);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "{Count} uses of {ItemCode} for customer {CustomerCode} were paid by a report pack; not sent to Cheddar")]
    private partial void LogCoveredByPack(string customerCode, string itemCode, int count);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "Cannot reconcile {ItemCode} for customer {CustomerCode}: Cheddar shows {Shown}, expected {Before} or {Expected}; parked for review")]
    private partial void LogUnexplained(string customerCode, string itemCode, decimal shown, decimal before, decimal expected);
}
