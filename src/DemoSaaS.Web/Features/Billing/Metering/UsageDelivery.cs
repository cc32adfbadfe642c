using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing.Cheddar;
using DemoSaaS.Web.Features.Billing.Gating;
using DemoSaaS.Web.Features.Billing.Usage;
using Medallion.Threading;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// One flush of the usage outbox: decide batches whose outcome is unknown, then send each customer's pending uses of an
/// item as ONE add-item-quantity call. docs/decisions/0002-metering-exactly-once.md explains the outbox and batches,
/// docs/decisions/0008-usage-ledger-reconciliation.md how an unknown outcome is decided. The relay only ever adds to
/// Cheddar's quantity: it never sets or lowers it.
/// <para>
/// Every instance runs a relay (docs/decisions/0002-metering-exactly-once.md, "Several instances"): a customer's uses are sent by the one
/// relay holding the customer's lock (<see cref="LockName"/>, a PostgreSQL session advisory lock that dies with its
/// connection), and every write the relay makes for a customer's item is fenced by the claim token it wrote to the
/// item's ledger when it took the lock, so a relay that lost its lock cannot confirm, resend or claim any more.
/// </para>
/// </summary>
internal sealed partial class UsageDelivery(
    ApplicationDbContext db,
    CheddarBilling cheddar,
    CustomerSnapshotCache snapshots,
    UsageOutboxChanges outboxChanges,
    IDistributedLockProvider locks,
    IOptions<DatabaseOptions> database,
    IOptions<BillingOptions> options,
    IOptions<ReportPackOptions> reportPacks,
    TimeProvider time,
    ILogger<UsageDelivery> logger)
{
    /// <summary>The lock a relay holds while it works on a customer's uses (claims, sends, decides).</summary>
    public static string LockName(string customerCode) => $"relay:customer:{customerCode}";

    /// <summary>
    /// Delivers what is due; returns how long until the relay should flush again (null: no retry scheduled). When another
    /// instance's relay held a customer with work, the answer is short, so uses recorded meanwhile are not left to the interval.
    /// </summary>
    /// <param name="afterRestart">The first flush of a process: batches a previous process left in flight are decided as
    /// soon as they have settled, whatever backoff that process had scheduled.</param>
    public async Task<TimeSpan?> FlushAsync(bool afterRestart, CancellationToken cancellationToken)
    {
        await ReadDatabaseClockAsync(cancellationToken);
        var now = Now;

        // A batch still in flight when a flush starts was interrupted (unknown outcome, a crash, or a relay that lost its
        // lock): its customer is decided first. Then every customer with pending uses.
        var interrupted = await db.MeteringLedgers.AsNoTracking()
            .Where(l => l.InFlightBatchId != null && (afterRestart || l.NextAttemptAtUtc == null || l.NextAttemptAtUtc <= now))
            .Select(l => l.CustomerCode)
            .ToListAsync(cancellationToken);
        var pending = await db.UsageOutbox.AsNoTracking()
            .Where(u => u.State == UsageState.Pending)
            .Select(u => new { u.CustomerCode, u.ItemCode })
            .Distinct()
            .ToListAsync(cancellationToken);
        var pendingItems = pending.GroupBy(p => p.CustomerCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.ItemCode).ToList(), StringComparer.Ordinal);
        var customers = interrupted.Concat(pending.Select(p => p.CustomerCode)).Distinct(StringComparer.Ordinal).ToList();

        var heldElsewhere = false;
        foreach (var customerCode in customers.TakeWhile(_ => !_cheddarUnreachable))
        {
            // Not waiting: a customer another relay holds is that relay's until it lets go (or its connection dies).
            await using var held = await locks.CreateLock(LockName(customerCode)).TryAcquireAsync(TimeSpan.Zero, cancellationToken);
            if (held is null)
            {
                heldElsewhere = true;
                continue;
            }
            db.ChangeTracker.Clear();
            try
            {
                await DeliverCustomerAsync(customerCode, pendingItems.GetValueOrDefault(customerCode) ?? [], afterRestart, cancellationToken);
            }
            catch (RelayClaimLostException lost)
            {
                // Another relay took the customer over (ours lost its lock, e.g. its connection was cut): its claim stands.
                LogClaimLost(lost.CustomerCode, lost.ItemCode);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        now = Now;
        var nextRetry = await db.MeteringLedgers.AsNoTracking()
            .Where(l => l.NextAttemptAtUtc != null && l.NextAttemptAtUtc > now)
            .MinAsync(l => l.NextAttemptAtUtc, cancellationToken);
        TimeSpan? wait = nextRetry is { } due ? due - now : null;
        if (heldElsewhere)
        {
            // The holder may have read the outbox before a use was committed; look again soon rather than at the interval.
            var soon = options.Value.RelayCoalesceDelay > HeldElsewhereRetry ? options.Value.RelayCoalesceDelay : HeldElsewhereRetry;
            wait = wait is { } w && w < soon ? w : soon;
        }
        return wait;
    }

    private static readonly TimeSpan HeldElsewhereRetry = TimeSpan.FromMilliseconds(200);

    /// <summary>Our clock moved onto the database's: every time the relay stores or compares is the database's (see <see cref="ReadDatabaseClockAsync"/>).</summary>
    private DateTime Now => time.GetUtcNow().UtcDateTime + _databaseClockOffset;

    private TimeSpan _databaseClockOffset;

    /// <summary>
    /// On PostgreSQL, measures how far the database's clock is from ours, so that every time the relay writes (claimed,
    /// attempted, next attempt, settled) and every age it compares (settle time, backoff) is on one clock whichever
    /// instance wrote or reads it. On SQLite (one instance, one machine) our clock is the database's.
    /// </summary>
    private async Task ReadDatabaseClockAsync(CancellationToken cancellationToken)
    {
        if (database.Value.Provider != DatabaseProvider.Postgres)
        {
            _databaseClockOffset = TimeSpan.Zero;
            return;
        }
        var before = time.GetUtcNow().UtcDateTime;
        var databaseNow = await db.Database.SqlQuery<DateTime>($"SELECT clock_timestamp() AS \"Value\"").SingleAsync(cancellationToken);
        var after = time.GetUtcNow().UtcDateTime;
        // The database read its clock somewhere between our two readings: the middle is the best guess.
        _databaseClockOffset = databaseNow.ToUniversalTime() - (before + (after - before) / 2);
    }

    // Set when a call found Cheddar down or hanging: the rest of this flush waits for the next one instead of
    // spending a full timeout per customer.
    private bool _cheddarUnreachable;

    // The claim this relay wrote to the ledgers of the customer it holds; every write for them names it (see CommitAsync).
    private Guid _claimToken;

    /// <summary>
    /// The customer's lock is held: claims each of its ledgers (a new token, written before anything is read, so a relay
    /// that lost the lock is fenced out from here on), then decides what is in flight and sends what is pending.
    /// </summary>
    private async Task DeliverCustomerAsync(string customerCode, List<string> pendingItems, bool afterRestart, CancellationToken cancellationToken)
    {
        _claimToken = Guid.NewGuid();
        var token = _claimToken;
        // Waits for any write the previous holder still has open (its fence holds the ledger row), then fences it out.
        await db.MeteringLedgers.Where(l => l.CustomerCode == customerCode)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ClaimToken, token), cancellationToken);
        var ledgers = await db.MeteringLedgers.Where(l => l.CustomerCode == customerCode).ToListAsync(cancellationToken);
        var created = false;
        foreach (var itemCode in pendingItems.Where(i => !ledgers.Any(l => string.Equals(l.ItemCode, i, StringComparison.Ordinal))))
        {
            var ledger = new MeteringLedger { CustomerCode = customerCode, ItemCode = itemCode, ClaimToken = token };
            db.MeteringLedgers.Add(ledger);
            ledgers.Add(ledger);
            created = true;
        }
        if (created)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        var now = Now;
        foreach (var ledger in ledgers.Where(l => l.InFlightBatchId is not null).ToList())
        {
            if (_cheddarUnreachable)
            {
                return;
            }
            if (afterRestart || ledger.NextAttemptAtUtc is null || ledger.NextAttemptAtUtc <= now)
            {
                await ReconcileAsync(ledger, cancellationToken);
            }
        }
        foreach (var ledger in ledgers.Where(l => pendingItems.Contains(l.ItemCode, StringComparer.Ordinal)))
        {
            if (_cheddarUnreachable)
            {
                return;
            }
            if (ledger.InFlightBatchId is not null || ledger.NextAttemptAtUtc > Now)
            {
                continue;
            }
            await DeliverAsync(ledger, cancellationToken);
        }
    }

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
            await CommitAsync(ledger, cancellationToken, signal: false);
        }

        // Report packs are judged on the snapshot gating decided on; read it (maybe from Cheddar) before the claim's transaction.
        var packSnapshot = string.Equals(ledger.ItemCode, reportPacks.Value.ItemCode, StringComparison.Ordinal)
            ? (await snapshots.GetAsync(ledger.CustomerCode, cancellationToken)).Snapshot
            : null;

        // Claim: the batch and its rows are committed before the call, so a crash leaves a batch to decide, never a lost one.
        // Synced to disk before the call on SQLite (and with it every earlier commit): the app's other commits may be rolled
        // back by an OS crash (synchronous=NORMAL), and a lost claim would send its uses a second time. A lost confirmation is
        // harmless: the batch is then in flight again and reconciled. See docs/decisions/0005-sqlite-durability.md.
        UsageBatch? batch = null;
        await using (await DurableCommits.BeginAsync(db, cancellationToken))
        {
            await using var transaction = await BeginFencedAsync(ledger, cancellationToken);
            var batchId = Guid.NewGuid();
            List<decimal> claimed;
            if (database.Value.Provider == DatabaseProvider.Postgres && PackTerms(ledger, packSnapshot) is null)
            {
                // Nothing to sort out row by row (no report pack applies): one statement claims them all.
                claimed = await ClaimPendingAsync(ledger, batchId, cancellationToken);
            }
            else
            {
                var rows = await PendingRowsForClaimAsync(ledger, cancellationToken);
                rows = CoverWithReportPacks(ledger, packSnapshot, rows, await CoveredSinceAsync(ledger, packSnapshot, cancellationToken));
                rows.ForEach(r =>
                {
                    r.BatchId = batchId;
                    r.State = UsageState.Claimed;
                });
                claimed = rows.ConvertAll(r => r.Quantity);
            }
            if (claimed.Count > 0)
            {
                var now = Now;
                batch = new UsageBatch
                {
                    Id = batchId,
                    CustomerCode = ledger.CustomerCode,
                    ItemCode = ledger.ItemCode,
                    Quantity = claimed.Sum(),
                    State = UsageBatchState.Sending,
                    ClaimedAtUtc = now,
                    ClaimedInPeriod = ledger.ConfirmedPeriod,
                    LastAttemptAtUtc = now,
                    Attempts = 1,
                };
                db.UsageBatches.Add(batch);
                ledger.InFlightBatchId = batch.Id;
                ledger.NextAttemptAtUtc = null;
            }
            // Otherwise everything pending was paid for by a report pack (or claimed meanwhile): nothing goes to Cheddar.
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        outboxChanges.Bump();
        if (batch is not null)
        {
            await SendAsync(ledger, batch, cancellationToken);
        }
    }

    /// <summary>
    /// PostgreSQL: claims the item's pending uses for <paramref name="batchId"/> in one statement (rows another transaction
    /// is claiming or deciding are skipped, as in <see cref="PendingRowsForClaimAsync"/>) and returns their quantities.
    /// Runs inside the claim's fenced transaction, so the rows, the batch and the ledger commit together or not at all.
    /// </summary>
    private async Task<List<decimal>> ClaimPendingAsync(MeteringLedger ledger, Guid batchId, CancellationToken cancellationToken)
    {
        var pending = nameof(UsageState.Pending);
        var claimed = nameof(UsageState.Claimed);
        // Not composed (no LINQ on top): EF sends the statement as written.
        return await db.Database.SqlQuery<decimal>($"""
            UPDATE "UsageOutbox" SET "State" = {claimed}, "BatchId" = {batchId}
            WHERE "Id" IN (
                SELECT "Id" FROM "UsageOutbox"
                WHERE "CustomerCode" = {ledger.CustomerCode} AND "ItemCode" = {ledger.ItemCode} AND "State" = {pending}
                FOR UPDATE SKIP LOCKED)
            RETURNING "Quantity" AS "Value"
            """).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The item's pending uses, locked for this claim. On PostgreSQL <c>FOR UPDATE SKIP LOCKED</c>: rows another
    /// transaction is claiming or deciding (an operator's "send again") are left to it rather than waited for or taken twice.
    /// </summary>
    private async Task<List<UsageOutboxEntry>> PendingRowsForClaimAsync(MeteringLedger ledger, CancellationToken cancellationToken)
    {
        if (database.Value.Provider == DatabaseProvider.Postgres)
        {
            var pending = nameof(UsageState.Pending);
            return await db.UsageOutbox.FromSql($"""
                SELECT * FROM "UsageOutbox"
                WHERE "CustomerCode" = {ledger.CustomerCode} AND "ItemCode" = {ledger.ItemCode} AND "State" = {pending}
                ORDER BY "Id"
                FOR UPDATE SKIP LOCKED
                """).ToListAsync(cancellationToken);
        }
        // SQLite: one instance, and the transaction's first write (the fence) already holds the database's write lock.
        return await db.UsageOutbox
            .Where(u => u.CustomerCode == ledger.CustomerCode && u.ItemCode == ledger.ItemCode && u.State == UsageState.Pending)
            .OrderBy(u => u.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Opens a transaction whose first statement checks the claim: the item's ledger still carries this relay's token (and
    /// its row is locked until the commit, so a relay taking the customer over waits for this write and then fences it).
    /// Throws <see cref="RelayClaimLostException"/>, with nothing written, when another relay has claimed it since.
    /// </summary>
    private async Task<IDbContextTransaction> BeginFencedAsync(MeteringLedger ledger, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var token = _claimToken;
            var fenced = await db.MeteringLedgers
                .Where(l => l.CustomerCode == ledger.CustomerCode && l.ItemCode == ledger.ItemCode && l.ClaimToken == token)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ClaimToken, token), cancellationToken);
            if (fenced == 0)
            {
                throw new RelayClaimLostException(ledger.CustomerCode, ledger.ItemCode);
            }
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Saves the relay's changes for one ledger in one fenced transaction (see <see cref="BeginFencedAsync"/>), with
    /// <paramref name="rows"/> (bulk updates of the batch's uses) inside it, then signals the outbox change.
    /// </summary>
    private async Task CommitAsync(MeteringLedger ledger, CancellationToken cancellationToken, Func<Task>? rows = null, bool durable = false, bool signal = true)
    {
        await using (durable ? await DurableCommits.BeginAsync(db, cancellationToken) : null)
        {
            await using var transaction = await BeginFencedAsync(ledger, cancellationToken);
            if (rows is not null)
            {
                await rows();
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        if (signal)
        {
            outboxChanges.Bump();
        }
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
            await CommitAsync(ledger, cancellationToken, signal: false);
            return;
        }
        if (batch.State == UsageBatchState.Sending)
        {
            // Still "sending" and nobody holds the customer but us: the relay that sent it stopped (a crash, a killed
            // instance, a lost lock) before it knew the answer. An unknown outcome like any other.
            batch.State = UsageBatchState.OutcomeUnknown;
            LogTakenOver(ledger.CustomerCode, ledger.ItemCode, batch.Quantity, batch.LastAttemptAtUtc);
        }
        // Cheddar may still be applying the last attempt (a timeout is only our side giving up): read after it settled.
        // LastAttemptAtUtc was written on the database's clock by whichever relay sent it, and Now is on that clock too.
        var settled = batch.LastAttemptAtUtc + options.Value.RelaySettleTime;
        if (Now < settled)
        {
            ledger.NextAttemptAtUtc = settled;
            await CommitAsync(ledger, cancellationToken, signal: false);
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
        // Fenced like the claim: a relay that lost the customer cannot send the batch again.
        await CommitAsync(ledger, cancellationToken, durable: true, signal: false);
        await SendAsync(ledger, batch, cancellationToken);
    }

    /// <summary>
    /// Marks the uses a report pack paid for (those beyond the plan's included quantity, while pack units remain this
    /// period) as covered instead of sending them: Cheddar would refuse them above FREE's hard limit or bill them again
    /// as overage. Returns the rows still to send. The marks are saved with the batch claim, in one transaction.
    /// <paramref name="snapshot"/> is the one gating decided on (read before the claim's transaction); without it no pack
    /// is known and the uses go to Cheddar as usual.
    /// </summary>
    private List<UsageOutboxEntry> CoverWithReportPacks(MeteringLedger ledger, CustomerSnapshot? snapshot, List<UsageOutboxEntry> rows, decimal coveredSince)
    {
        if (PackTerms(ledger, snapshot) is not { } terms)
        {
            return rows;
        }
        var remaining = terms.Credit - coveredSince;
        var customer = snapshot!.Customer!;
        var included = Math.Max(0, terms.PlanItem.QuantityIncluded - (customer.CurrentSubscription!.FindUsage(ledger.ItemCode)?.Used ?? 0));
        var toSend = new List<UsageOutboxEntry>();
        var now = Now;
        foreach (var row in rows.OrderBy(r => r.RecordedAtUtc).ThenBy(r => r.Id))
        {
            if (row.Quantity <= included)
            {
                included -= row.Quantity;
                toSend.Add(row);
            }
            else if (row.RecordedAtUtc >= terms.PeriodStart.UtcDateTime && row.Quantity <= remaining)
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

    /// <summary>Uses packs already paid for this period (read inside the claim's transaction); 0 when no pack applies.</summary>
    private async Task<decimal> CoveredSinceAsync(MeteringLedger ledger, CustomerSnapshot? snapshot, CancellationToken cancellationToken) =>
        PackTerms(ledger, snapshot) is { } terms
            ? await ReportPackCoverage.CoveredSinceAsync(db, ledger.CustomerCode, ledger.ItemCode, terms.PeriodStart, cancellationToken)
            : 0;

    /// <summary>The pack credit this period and the plan's item, when the item is the packs' and some credit was bought.</summary>
    private (decimal Credit, DateTimeOffset PeriodStart, PlanItem PlanItem)? PackTerms(MeteringLedger ledger, CustomerSnapshot? snapshot)
    {
        if (!string.Equals(ledger.ItemCode, reportPacks.Value.ItemCode, StringComparison.Ordinal))
        {
            return null;
        }
        var customer = snapshot?.Customer;
        var planItem = customer?.CurrentSubscription?.Plan.FindItem(ledger.ItemCode);
        if (snapshot is null || customer is null || planItem is null || planItem.IsUnlimited)
        {
            return null;
        }
        var asOf = snapshot.EffectiveNow;
        var credit = ReportPackCredit.UnitsFor(customer, ledger.ItemCode, asOf, reportPacks.Value);
        return credit <= 0 ? null : (credit, ReportPackCredit.PeriodStart(customer, asOf), planItem);
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
        // Stored with the version taken before the request, so it never replaces a newer answer or clears a later invalidation.
        // On SQLite the snapshot goes first: until the rows are marked delivered, gating counts them twice (errs on the safe
        // side), never zero times. On PostgreSQL gating adds what the ledger delivered beyond its snapshot (PendingUsage), so
        // the snapshot goes after the commit and the count is exact throughout (before it the rows are pending, after it the
        // ledger holds them).
        var sharedDatabase = database.Value.Provider == DatabaseProvider.Postgres;
        if (!sharedDatabase)
        {
            snapshots.Store(customer, requestedAt);
        }
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
        ClearSchedule(ledger);
        ledger.InFlightBatchId = null;
        // The rows, the batch and the ledger in one fenced transaction: a relay that lost the customer confirms nothing, and
        // gating (which reads the rows) never sees the ledger count a batch whose rows are still unsettled, or the reverse.
        await CommitAsync(ledger, cancellationToken, rows: () => db.UsageOutbox.Where(u => u.BatchId == batch.Id && u.State == UsageState.Claimed)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.State, UsageState.Delivered).SetProperty(u => u.SettledAtUtc, now), cancellationToken));
        if (sharedDatabase)
        {
            snapshots.Store(customer, requestedAt);
        }
        LogDelivered(ledger.CustomerCode, ledger.ItemCode, batch.Quantity);
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
        await CommitAsync(ledger, cancellationToken);
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
        ledger.InFlightBatchId = null;
        // Whatever Cheddar's number now holds of the parked batch, the next delivery reads it as a new opening, so later
        // uses of this item go on being metered (and decided) while an operator looks at this one.
        ledger.OpeningQuantity = null;
        ledger.UsagePeriodId = null;
        ledger.DeliveredInPeriod = 0;
        ClearSchedule(ledger);
        ledger.LastError = reason;
        await CommitAsync(ledger, cancellationToken, rows: () => db.UsageOutbox.Where(u => u.BatchId == batch.Id && u.State == UsageState.Claimed)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.State, UsageState.Parked).SetProperty(u => u.Reason, Truncate(reason, 500)), cancellationToken));
    }

    private async Task ForgiveAsync(MeteringLedger ledger, UsageBatch batch, string rule, CancellationToken cancellationToken)
    {
        LogForgiven(ledger.CustomerCode, ledger.ItemCode, batch.Quantity, rule);
        var now = Now;
        rule = Truncate(rule, 1000);
        batch.State = UsageBatchState.Forgiven;
        batch.SettledAtUtc = now;
        batch.Reason = rule;
        ledger.InFlightBatchId = null;
        ClearSchedule(ledger);
        await CommitAsync(ledger, cancellationToken, rows: () => db.UsageOutbox.Where(u => u.BatchId == batch.Id && u.State == UsageState.Claimed)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.State, UsageState.Forgiven).SetProperty(u => u.SettledAtUtc, now)
                .SetProperty(u => u.Reason, Truncate(rule, 500)), cancellationToken));
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
        await CommitAsync(ledger, cancellationToken);
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
        await CommitAsync(ledger, cancellationToken, signal: false);
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

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Took over customer {CustomerCode}'s batch of {Quantity} {ItemCode} left in flight (last attempt {LastAttemptAtUtc:O}, database clock): deciding it as an unknown outcome after the settle time")]
    private partial void LogTakenOver(string customerCode, string itemCode, decimal quantity, DateTime lastAttemptAtUtc);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Usage relay lost its claim on customer {CustomerCode} item {ItemCode} to another relay; it stops and leaves the batch to that relay")]
    private partial void LogClaimLost(string customerCode, string itemCode);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Cheddar shows {Shown} {ItemCode} for customer {CustomerCode} after our batch; our ledger expected {Expected}: changed outside the app")]
    private partial void LogOutsideChange(string customerCode, string itemCode, decimal shown, decimal expected);
}
