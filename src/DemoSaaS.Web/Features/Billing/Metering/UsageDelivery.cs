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
/// One flush of the usage outbox: decide batches whose outcome is unknown, then send each customer's pending uses of an
/// item as ONE add-item-quantity call. docs/decisions/0002-metering-exactly-once.md explains the outbox and batches,
/// docs/decisions/0008-usage-ledger-reconciliation.md how an unknown outcome is decided. The relay only ever adds to
/// Cheddar's quantity: it never sets or lowers it.
/// </summary>
internal sealed partial class UsageDelivery(
    ApplicationDbContext db,
    CheddarBilling cheddar,
    CustomerSnapshotCache snapshots,
    UsageOutboxChanges outboxChanges,
    IOptions<BillingOptions> options,
    IOptions<ReportPackOptions> reportPacks,
    TimeProvider time,
    ILogger<UsageDelivery> logger)
{
    /// <summary>Delivers what is due; returns when the next delayed attempt is due (null if none).</summary>
    /// <param name="afterRestart">The first flush of a process: batches a previous process left in flight are decided as
    /// soon as they have settled, whatever backoff that process had scheduled.</param>
    public async Task<DateTime?> FlushAsync(bool afterRestart, CancellationToken cancellationToken)
    {
        var now = Now;

        // A batch still in flight when a flush starts was interrupted (unknown outcome or a crash): decide it first.
        var interrupted = await db.MeteringLedgers
            .Where(l => l.InFlightBatchId != null && (afterRestart || l.NextAttemptAtUtc == null || l.NextAttemptAtUtc <= now))
            .ToListAsync(cancellationToken);
        foreach (var ledger in interrupted.TakeWhile(_ => !_cheddarUnreachable))
        {
            await ReconcileAsync(ledger, cancellationToken);
        }

        var groups = await db.UsageOutbox
            .Where(u => u.State == UsageState.Pending)
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
        // An unknown outcome is decided against the ledger's baseline, so the period's opening quantity must be known first.
        if (ledger.OpeningQuantity is null)
        {
            var before = await ReadCustomerAsync(ledger, batch: null, cancellationToken);
            if (before is null)
            {
                return;
            }
            OpenPeriod(ledger, before, Quantity(before, ledger.ItemCode));
            await db.SaveChangesAsync(cancellationToken);
        }

        // Claim: the batch and its rows are committed before the call, so a crash leaves a batch to decide, never a lost one.
        var rows = await db.UsageOutbox
            .Where(u => u.CustomerCode == ledger.CustomerCode && u.ItemCode == ledger.ItemCode && u.State == UsageState.Pending)
            .ToListAsync(cancellationToken);
        rows = await CoverWithReportPacksAsync(ledger, rows, cancellationToken);
        if (rows.Count == 0)
        {
            // Everything pending was paid for by a report pack: nothing goes to Cheddar.
            await SaveAndSignalAsync(cancellationToken);
            return;
        }
        var now = Now;
        var batch = new UsageBatch
        {
            Id = Guid.NewGuid(),
            CustomerCode = ledger.CustomerCode,
            ItemCode = ledger.ItemCode,
            Quantity = rows.Sum(r => r.Quantity),
            State = UsageBatchState.Sending,
            ClaimedAtUtc = now,
            ClaimedInPeriod = ledger.ConfirmedPeriod,
            LastAttemptAtUtc = now,
            Attempts = 1,
        };
        db.UsageBatches.Add(batch);
        rows.ForEach(r =>
        {
            r.BatchId = batch.Id;
            r.State = UsageState.Claimed;
        });
        ledger.InFlightBatchId = batch.Id;
        ledger.NextAttemptAtUtc = null;
        // Synced to disk before the call (and with it every earlier commit): the app's other commits may be rolled back
        // by an OS crash (synchronous=NORMAL), and a lost claim would send its uses a second time. A lost confirmation is
        // harmless: the batch is then in flight again and reconciled. See docs/decisions/0005-sqlite-durability.md.
        await using (await DurableCommits.BeginAsync(db, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        outboxChanges.Bump();
        await SendAsync(ledger, batch, cancellationToken);
    }

    /// <summary>One add-item-quantity for the batch (already claimed and committed) and what its answer means.</summary>
    private async Task SendAsync(MeteringLedger ledger, UsageBatch batch, CancellationToken cancellationToken)
    {
        Customer customer;
        var requestedAt = snapshots.Version();
        try
        {
            customer = await cheddar.AddItemQuantityAsync(ledger.CustomerCode, ledger.ItemCode, batch.Quantity, cancellationToken);
        }
        catch (CheddarException ex) when (ex.IsCustomerNotFound)
        {
            // The one refusal that is permanent: there is nobody left to bill.
            await RejectAsync(ledger, batch, ex.CheddarMessage, cancellationToken);
            return;
        }
        catch (CheddarException ex) when (ex.StatusCode is System.Net.HttpStatusCode.PreconditionFailed && string.Equals(ex.FieldName, "quantity", StringComparison.Ordinal))
        {
            // Possibly a plan's hard limit (uses raced past gating at FREE's last unit): keep what still fits.
            await RefusedAboveLimitAsync(ledger, batch, ex.CheddarMessage, cancellationToken);
            return;
        }
        catch (CheddarException ex) when (!ex.IsTransient && !ex.IsAuthentication && ex.StatusCode is >= System.Net.HttpStatusCode.BadRequest and < System.Net.HttpStatusCode.InternalServerError)
        {
            // Refused, so not applied; but the uses still happened. Only a canceled subscription decides them (forgiven);
            // anything else waits for a person, still counted by gating.
            await RefusedAsync(ledger, batch, ex.CheddarMessage, cancellationToken);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Maybe applied, maybe not: decided against the ledger after the settle time, before anything else is sent.
            batch.State = UsageBatchState.OutcomeUnknown;
            await PostponeAsync(ledger, ex, settleFrom: batch.LastAttemptAtUtc, cancellationToken);
            return;
        }
        await ConfirmAsync(ledger, batch, customer, requestedAt, "answered", cancellationToken);
    }

    private async Task ReconcileAsync(MeteringLedger ledger, CancellationToken cancellationToken)
    {
        var batch = await db.UsageBatches.FindAsync([ledger.InFlightBatchId!.Value], cancellationToken);
        if (batch is null)
        {
            // Defensive: a ledger pointing at no batch (hand-edited database); its rows are put back below.
            ledger.InFlightBatchId = null;
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        // Cheddar may still be applying the last attempt (a timeout is only our side giving up): read after it settled.
        var settled = batch.LastAttemptAtUtc + options.Value.RelaySettleTime;
        if (Now < settled)
        {
            ledger.NextAttemptAtUtc = settled;
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        var requestedAt = snapshots.Version();
        var customer = await ReadCustomerAsync(ledger, batch, cancellationToken);
        if (customer is null)
        {
            return;
        }
        // A fresh document for gating too (the batch's uses are still counted as pending: at worst counted twice, never zero times).
        snapshots.Store(customer, requestedAt);

        var shown = Quantity(customer, ledger.ItemCode);
        var change = UsagePeriods.Since(ledger.ConfirmedPeriod, customer, ledger.ItemCode);
        var ended = UsagePeriods.HasEnded(customer, Now);
        switch (change)
        {
            case UsagePeriodChange.Continues when ledger.Baseline is { } before:
                if (shown == before + batch.Quantity)
                {
                    LogReconciled(ledger.CustomerCode, ledger.ItemCode, batch.Quantity, "applied once");
                    await ConfirmAsync(ledger, batch, customer, requestedAt, "reconciled: applied once", cancellationToken);
                }
                else if (shown == before && ended)
                {
                    await ForgiveAsync(ledger, batch, CanceledRule, cancellationToken);
                }
                else if (shown == before)
                {
                    // Not applied: add it again (never set: a set could overwrite a change made meanwhile).
                    LogReconciled(ledger.CustomerCode, ledger.ItemCode, batch.Quantity, "not applied; sending again");
                    ledger.ConfirmedPeriod = UsagePeriods.PositionOf(customer);
                    await ResendAsync(ledger, batch, cancellationToken);
                }
                else
                {
                    await ParkAsync(ledger, batch,
                        $"Cheddar shows {shown}; our ledger expects {before} (batch not applied) or {before + batch.Quantity} (applied once). "
                        + "Someone else changed the quantity, or the batch was applied more than once.", cancellationToken);
                }
                return;
            case UsagePeriodChange.Restarted when shown == batch.Quantity && batch.Quantity > 0:
                // The counter restarted (renewal, re-subscription) and shows exactly this batch: applied after the restart.
                LogReconciled(ledger.CustomerCode, ledger.ItemCode, batch.Quantity, "applied once, in a new period");
                await ConfirmAsync(ledger, batch, customer, requestedAt, "reconciled: applied once in a new period", cancellationToken);
                return;
            case UsagePeriodChange.Restarted:
                await ParkAsync(ledger, batch,
                    $"The usage period restarted at Cheddar (renewal or re-subscription) while the outcome was unknown, and it shows {shown}: "
                    + "the batch may have been counted in the closed period or not at all.", cancellationToken);
                return;
            default:
                await ParkAsync(ledger, batch,
                    $"Cheddar shows {shown}, but the subscription we last saw ({ledger.ConfirmedPeriod ?? "none"}) is not in its answer, so the ledger cannot tell whether the batch was applied.",
                    cancellationToken);
                return;
        }
    }

    /// <summary>Sends a batch that was decided "not applied" again, as a new attempt of the same batch.</summary>
    private async Task ResendAsync(MeteringLedger ledger, UsageBatch batch, CancellationToken cancellationToken)
    {
        batch.State = UsageBatchState.Sending;
        batch.Attempts++;
        batch.LastAttemptAtUtc = Now;
        ledger.NextAttemptAtUtc = null;
        await using (await DurableCommits.BeginAsync(db, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        await SendAsync(ledger, batch, cancellationToken);
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
                row.State = UsageState.CoveredByReportPack;
                row.SettledAtUtc = now;
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

    /// <summary>customers/get for the ledger's customer; null (and the ledger updated) when that failed or the customer is gone.</summary>
    private async Task<Customer?> ReadCustomerAsync(MeteringLedger ledger, UsageBatch? batch, CancellationToken cancellationToken)
    {
        try
        {
            var customer = await cheddar.FindCustomerAsync(ledger.CustomerCode, cancellationToken);
            if (customer is null)
            {
                await RejectAsync(ledger, batch, CheddarException.CustomerNotFoundMessage, cancellationToken);
            }
            return customer;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await PostponeAsync(ledger, ex, settleFrom: null, cancellationToken);
            return null;
        }
    }

    private async Task ConfirmAsync(MeteringLedger ledger, UsageBatch batch, Customer customer, SnapshotVersion requestedAt, string how, CancellationToken cancellationToken)
    {
        // The snapshot first: until the rows are marked delivered, gating counts them twice (errs on the safe side), never zero times.
        // Stored with the version taken before the request, so it never replaces a newer answer or clears a later invalidation.
        snapshots.Store(customer, requestedAt);
        var shown = Quantity(customer, ledger.ItemCode);
        var change = UsagePeriods.Since(ledger.ConfirmedPeriod, customer, ledger.ItemCode);
        if (change == UsagePeriodChange.Continues && ledger.Baseline is { } before)
        {
            ledger.UsagePeriodId ??= Guid.NewGuid();
            ledger.DeliveredInPeriod += batch.Quantity;
            if (shown != before + batch.Quantity)
            {
                // Cheddar's answer includes this batch, so the difference was written by someone else: taken as the new opening.
                LogOutsideChange(ledger.CustomerCode, ledger.ItemCode, shown, before + batch.Quantity);
                ledger.OpeningQuantity = shown - ledger.DeliveredInPeriod;
            }
        }
        else
        {
            // A new usage period (renewal, re-subscription), or one we cannot relate to the last: it starts with this batch.
            OpenPeriod(ledger, customer, shown - batch.Quantity);
            ledger.DeliveredInPeriod = batch.Quantity;
        }
        ledger.ConfirmedPeriod = UsagePeriods.PositionOf(customer);
        ledger.ConfirmedAtUtc = Now;
        var now = Now;
        batch.State = UsageBatchState.Delivered;
        batch.SettledAtUtc = now;
        batch.UsagePeriodId = ledger.UsagePeriodId;
        batch.Reason = how;
        await db.UsageOutbox.Where(u => u.BatchId == batch.Id && u.State == UsageState.Claimed)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.State, UsageState.Delivered).SetProperty(u => u.SettledAtUtc, now), cancellationToken);
        LogDelivered(ledger.CustomerCode, ledger.ItemCode, batch.Quantity);
        ClearSchedule(ledger);
        ledger.InFlightBatchId = null;
        await SaveAndSignalAsync(cancellationToken);
    }

    /// <summary>
    /// After Cheddar refused a batch's quantity (412 on "quantity"): reads the customer; when the plan's item has no
    /// overage price (a hard limit, FREE's REPORTS), puts back as many of the oldest uses as still fit and forgives the rest
    /// (there is no price to bill them at; gating lets at most the last unit through, ADR 0002). Otherwise parks.
    /// </summary>
    private async Task RefusedAboveLimitAsync(MeteringLedger ledger, UsageBatch batch, string reason, CancellationToken cancellationToken)
    {
        var customer = await ReadCustomerAsync(ledger, batch, cancellationToken);
        if (customer is null)
        {
            return;
        }
        var planItem = customer.CurrentSubscription?.Plan.FindItem(ledger.ItemCode);
        if (planItem is not { OverageAmount: 0, IsUnlimited: false } || UsagePeriods.HasEnded(customer, Now))
        {
            await RefusedAsync(ledger, batch, reason, cancellationToken);
            return;
        }
        var rows = await db.UsageOutbox.Where(u => u.BatchId == batch.Id && u.State == UsageState.Claimed).ToListAsync(cancellationToken);
        var capacity = planItem.QuantityIncluded - Quantity(customer, ledger.ItemCode);
        var fitting = new List<UsageOutboxEntry>();
        foreach (var row in rows.OrderBy(r => r.RecordedAtUtc).ThenBy(r => r.Id))
        {
            if (row.Quantity <= capacity)
            {
                capacity -= row.Quantity;
                fitting.Add(row);
            }
        }
        if (fitting.Count == rows.Count)
        {
            // Everything fits, so the limit is not why Cheddar refused: sending again would only be refused again.
            await RefusedAsync(ledger, batch, reason, cancellationToken);
            return;
        }
        var now = Now;
        var forgiven = 0m;
        foreach (var row in rows)
        {
            row.BatchId = null;
            if (fitting.Contains(row))
            {
                row.State = UsageState.Pending;
            }
            else
            {
                row.State = UsageState.Forgiven;
                row.SettledAtUtc = now;
                row.Reason = Truncate($"{HardLimitRule} Cheddar: {reason}", 500);
                forgiven += row.Quantity;
            }
        }
        LogForgiven(ledger.CustomerCode, ledger.ItemCode, forgiven, HardLimitRule);
        // Nothing of this batch was applied: the ledger's baseline stands; the uses put back go in the next batch.
        batch.State = UsageBatchState.Forgiven;
        batch.SettledAtUtc = now;
        batch.Reason = Truncate($"{HardLimitRule} {forgiven} of {batch.Quantity} forgiven; the rest sent again. Cheddar: {reason}", 1000);
        ledger.InFlightBatchId = null;
        ClearSchedule(ledger);
        await SaveAndSignalAsync(cancellationToken);
    }

    /// <summary>Cheddar refused the batch (so it was not applied) for a reason other than a missing customer.</summary>
    private async Task RefusedAsync(MeteringLedger ledger, UsageBatch batch, string reason, CancellationToken cancellationToken)
    {
        var customer = await ReadCustomerAsync(ledger, batch, cancellationToken);
        if (customer is null)
        {
            return;
        }
        if (UsagePeriods.HasEnded(customer, Now))
        {
            await ForgiveAsync(ledger, batch, $"{CanceledRule} Cheddar: {reason}", cancellationToken);
            return;
        }
        await ParkAsync(ledger, batch, $"Cheddar refused the batch: {reason}", cancellationToken);
    }

    /// <summary>An undecidable outcome or an unexplained refusal: kept for a person, its uses still counted by gating.</summary>
    private async Task ParkAsync(MeteringLedger ledger, UsageBatch batch, string reason, CancellationToken cancellationToken)
    {
        LogParked(ledger.CustomerCode, ledger.ItemCode, batch.Quantity, reason);
        reason = Truncate(reason, 1000);
        batch.State = UsageBatchState.Parked;
        batch.Reason = reason;
        await db.UsageOutbox.Where(u => u.BatchId == batch.Id && u.State == UsageState.Claimed)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.State, UsageState.Parked).SetProperty(u => u.Reason, Truncate(reason, 500)), cancellationToken);
        ledger.InFlightBatchId = null;
        // Whatever Cheddar's number now holds of the parked batch, the next delivery reads it as a new opening, so later
        // uses of this item go on being metered (and decided) while an operator looks at this one.
        ledger.OpeningQuantity = null;
        ledger.UsagePeriodId = null;
        ledger.DeliveredInPeriod = 0;
        ClearSchedule(ledger);
        ledger.LastError = reason;
        await SaveAndSignalAsync(cancellationToken);
    }

    private async Task ForgiveAsync(MeteringLedger ledger, UsageBatch batch, string rule, CancellationToken cancellationToken)
    {
        LogForgiven(ledger.CustomerCode, ledger.ItemCode, batch.Quantity, rule);
        var now = Now;
        rule = Truncate(rule, 1000);
        batch.State = UsageBatchState.Forgiven;
        batch.SettledAtUtc = now;
        batch.Reason = rule;
        await db.UsageOutbox.Where(u => u.BatchId == batch.Id && u.State == UsageState.Claimed)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.State, UsageState.Forgiven).SetProperty(u => u.SettledAtUtc, now)
                .SetProperty(u => u.Reason, Truncate(rule, 500)), cancellationToken);
        ledger.InFlightBatchId = null;
        ClearSchedule(ledger);
        await SaveAndSignalAsync(cancellationToken);
    }

    /// <summary>Cheddar has no such customer: the batch and every unsettled use of the item can never be billed.</summary>
    private async Task RejectAsync(MeteringLedger ledger, UsageBatch? batch, string reason, CancellationToken cancellationToken)
    {
        LogRejected(ledger.CustomerCode, ledger.ItemCode, reason);
        var now = Now;
        reason = Truncate(reason, 500);
        var rows = await db.UsageOutbox
            .Where(u => u.CustomerCode == ledger.CustomerCode && u.ItemCode == ledger.ItemCode
                && (u.State == UsageState.Pending || u.State == UsageState.Claimed || u.State == UsageState.Parked))
            .ToListAsync(cancellationToken);
        rows.ForEach(r =>
        {
            r.State = UsageState.Rejected;
            r.SettledAtUtc = now;
            r.Reason = reason;
        });
        var open = await db.UsageBatches
            .Where(b => b.CustomerCode == ledger.CustomerCode && b.ItemCode == ledger.ItemCode
                && (b.State == UsageBatchState.Sending || b.State == UsageBatchState.OutcomeUnknown || b.State == UsageBatchState.Parked))
            .ToListAsync(cancellationToken);
        if (batch is not null && !open.Contains(batch))
        {
            open.Add(batch);
        }
        open.ForEach(b =>
        {
            b.State = UsageBatchState.Rejected;
            b.SettledAtUtc = now;
            b.Reason = reason;
        });
        ledger.InFlightBatchId = null;
        ledger.OpeningQuantity = null;
        ledger.UsagePeriodId = null;
        ledger.DeliveredInPeriod = 0;
        ClearSchedule(ledger);
        ledger.LastError = reason;
        await SaveAndSignalAsync(cancellationToken);
    }

    private async Task PostponeAsync(MeteringLedger ledger, Exception error, DateTime? settleFrom, CancellationToken cancellationToken)
    {
        _cheddarUnreachable |= error is CheddarUnavailableException or OperationCanceledException or HttpRequestException
            or CheddarException { IsTransient: true };
        ledger.FailedAttempts++;
        var backoff = TimeSpan.FromTicks(Math.Min(
            options.Value.RelayMaxBackoff.Ticks,
            options.Value.RelayInitialBackoff.Ticks * (1L << Math.Min(ledger.FailedAttempts - 1, 20))));
        var next = Now + backoff;
        // After an attempt with an unknown outcome, nothing is read before Cheddar has settled it.
        if (settleFrom + options.Value.RelaySettleTime is { } settled && settled > next)
        {
            next = settled;
        }
        ledger.NextAttemptAtUtc = next;
        ledger.LastError = Truncate(error.Message, 1000);
        LogPostponed(error, ledger.CustomerCode, ledger.ItemCode, ledger.FailedAttempts, next - Now);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Starts a usage period in the ledger: Cheddar's counter held <paramref name="opening"/> before our batches in it.</summary>
    private void OpenPeriod(MeteringLedger ledger, Customer customer, decimal opening)
    {
        ledger.UsagePeriodId = Guid.NewGuid();
        ledger.OpeningQuantity = opening;
        ledger.DeliveredInPeriod = 0;
        ledger.ConfirmedPeriod = UsagePeriods.PositionOf(customer);
        ledger.ConfirmedAtUtc = Now;
    }

    private static void ClearSchedule(MeteringLedger ledger)
    {
        ledger.FailedAttempts = 0;
        ledger.NextAttemptAtUtc = null;
        ledger.LastError = null;
    }

    private async Task SaveAndSignalAsync(CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        outboxChanges.Bump();
    }

    private static decimal Quantity(Customer customer, string itemCode) => customer.CurrentSubscription?.FindUsage(itemCode)?.Used ?? 0;

    private static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;

    /// <summary>The documented forgiveness rules (docs/decisions/0008-usage-ledger-reconciliation.md).</summary>
    internal const string CanceledRule =
        "Forgiven: the subscription was canceled before these uses reached Cheddar, which freezes a canceled period's quantities and drops its open invoice.";

    internal const string HardLimitRule = "Forgiven: beyond the plan's included quantity, which has no overage price to bill them at.";

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Delivered {Quantity} {ItemCode} for customer {CustomerCode} to Cheddar")]
    private partial void LogDelivered(string customerCode, string itemCode, decimal quantity);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Usage delivery for customer {CustomerCode} item {ItemCode} failed (attempt {Attempt}); next try in {Wait}")]
    private partial void LogPostponed(Exception error, string customerCode, string itemCode, int attempt, TimeSpan wait);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Reconciled batch of {Quantity} {ItemCode} for customer {CustomerCode}: {Outcome}")]
    private partial void LogReconciled(string customerCode, string itemCode, decimal quantity, string outcome);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Cheddar has no customer {CustomerCode}; its uses of {ItemCode} are rejected: {Reason}")]
    private partial void LogRejected(string customerCode, string itemCode, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Parked batch of {Quantity} {ItemCode} for customer {CustomerCode} for an operator (/admin/billing): {Reason}")]
    private partial void LogParked(string customerCode, string itemCode, decimal quantity, string reason);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "{Count} uses of {ItemCode} for customer {CustomerCode} were paid by a report pack; not sent to Cheddar")]
    private partial void LogCoveredByPack(string customerCode, string itemCode, int count);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "{Quantity} {ItemCode} of customer {CustomerCode} not billed. {Rule}")]
    private partial void LogForgiven(string customerCode, string itemCode, decimal quantity, string rule);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Cheddar shows {Shown} {ItemCode} for customer {CustomerCode} after our batch; our ledger expected {Expected}: changed outside the app")]
    private partial void LogOutsideChange(string customerCode, string itemCode, decimal shown, decimal expected);
}
