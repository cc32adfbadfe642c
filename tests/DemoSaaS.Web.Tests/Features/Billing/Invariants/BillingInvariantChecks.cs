using DemoSaaS.CheddarSandbox.Catalog;
using DemoSaaS.CheddarSandbox.Customers;
using DemoSaaS.CheddarSandbox.Storage;
using DemoSaaS.Web.Infrastructure.Cheddar;
using DemoSaaS.Web.Tests.Infrastructure;
using DemoSaaS.Web.Features.Billing.Metering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DemoSaaS.Web.Tests.Features.Billing.Invariants;

/// <summary>
/// Lets a batch settle (faults lifted, then background work given time to decide every use and signup) and checks
/// the billing invariants of issue 13 against Cheddar's side (the sandbox's stored customers, read directly) and the
/// app's database. Each violation is added to the sequence it concerns.
/// </summary>
public static class BillingInvariantChecks
{
    public const string Conservation = "I1 Cheddar's quantity equals the units recorded";
    public const string NeverLowered = "I2 the app never lowers a quantity";
    public const string ChargedHasUser = "I3 no charged customer without a local user";
    public const string ChargedNotDeleted = "I3c a charged customer is never deleted, and one signup is charged once";
    public const string UserHasCustomer = "I3b every local user has its Cheddar customer";
    public const string CardWhereRequired = "I4 no paid subscription without a required card";
    public const string OneTrial = "I6 one trial per customer";
    public const string OverageKept = "I7 a downgrade or cancel never erases accrued overage";
    public const string Decided = "I5 every undecided batch is parked";

    private static readonly string[] Items = ["REPORTS", "EXPORTS"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static async Task SettleAndCheckAsync(BillingAppFactory app, IReadOnlyList<FuzzSequence> sequences, QuantityWriteLog writes,
        TimeSpan settleTimeout, string checkpoint)
    {
        await app.ClearFaultsAsync();
        foreach (var sequence in sequences)
        {
            lock (sequence.FaultIds)
            {
                sequence.FaultIds.Clear();
            }
        }
        var sandbox = app.Services.GetRequiredService<EmbeddedCheddarSandbox>().SandboxServices;
        var store = sandbox.GetRequiredService<CustomerStore>();
        var catalog = sandbox.GetRequiredService<SandboxCatalog>();

        // Settled: every use delivered, refused for good or behind a parked ledger, and no signup still undecided.
        var deadline = DateTime.UtcNow + settleTimeout;
        List<Undecided> undecided;
        int pendingSignups;
        while (true)
        {
            (undecided, pendingSignups) = await app.WithDbAsync(async db =>
            {
                // Undecided: uses still pending or claimed, and batches still sending or with an unknown outcome.
                var uses = await db.UsageOutbox.AsNoTracking()
                    .Where(u => u.State == UsageState.Pending || u.State == UsageState.Claimed)
                    .ToListAsync(Cancel);
                var batches = await db.UsageBatches.AsNoTracking()
                    .Where(b => b.State == UsageBatchState.Sending || b.State == UsageBatchState.OutcomeUnknown)
                    .ToListAsync(Cancel);
                var open = uses.GroupBy(u => (u.CustomerCode, u.ItemCode))
                    .Select(g => new Undecided(g.Key.CustomerCode, g.Key.ItemCode, g.Sum(u => u.Quantity),
                        string.Join("; ", batches.Where(b => b.CustomerCode == g.Key.CustomerCode && b.ItemCode == g.Key.ItemCode)
                            .Select(b => $"batch {b.State} after {b.Attempts} attempt(s): {b.Reason}"))))
                    .ToList();
                return (open, await db.PendingSignups.CountAsync(Cancel));
            });
            if ((undecided.Count == 0 && pendingSignups == 0) || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(200, Cancel);
        }

        List<CustomerRecord> customers;
        using (await store.ReadLockAsync(Cancel))
        {
            customers = store.All();
        }
        var users = (await app.WithDbAsync(db => db.Users.Select(u => u.Id).ToListAsync(Cancel))).ToHashSet(StringComparer.Ordinal);
        var settled = await app.WithDbAsync(db => db.UsageOutbox.AsNoTracking().ToListAsync(Cancel));
        var parked = settled.Where(u => u.State == UsageState.Parked).GroupBy(u => (u.CustomerCode, u.ItemCode))
            .ToDictionary(g => g.Key, g => (Units: g.Sum(u => u.Quantity), LastError: string.Join("; ", g.Select(u => u.Reason).Distinct())));
        var forgiven = settled.Where(u => u.State == UsageState.Forgiven).GroupBy(u => (u.CustomerCode, u.ItemCode))
            .ToDictionary(g => g.Key, g => (Units: g.Sum(u => u.Quantity), Reasons: string.Join("; ", g.Select(u => u.Reason).Distinct())));
        // "Listed": what the operator page (/admin/billing) shows is ParkedUsage's list; every parked use must be in a listed batch.
        var listed = await WithParkedUsageAsync(app);
        var outbox = settled.GroupBy(u => (u.CustomerCode, u.ItemCode))
            .ToDictionary(g => g.Key, g => string.Join(", ", g.GroupBy(u => u.Reason is { } reason ? $"{u.State} '{reason}'" : u.State.ToString())
                .Select(state => $"{state.Sum(u => u.Quantity)} {state.Key}")));
        var events = await ChargeEventsAsync(app);
        var signupLog = app.Services.GetServices<ILoggerProvider>().OfType<SignupLogCapture>().FirstOrDefault();
        var pendingSignupRows = await app.WithDbAsync(db => db.PendingSignups.AsNoTracking().ToListAsync(Cancel));
        var pendingSignupCodes = pendingSignupRows.Select(p => p.CustomerCode).ToList();
        // What a stuck row looked like, so a failure says where the settling stopped (state, claims, next look-up, last error).
        string DescribePending(string code) => pendingSignupRows.FirstOrDefault(p => p.CustomerCode == code) is not { } row ? "" :
            $" (row: {row.State}, started {row.StartedAtUtc:HH:mm:ss.fff}, {row.CleanupAttempts} cleanup claim(s), next look-up " +
            $"{row.NextCleanupAtUtc:HH:mm:ss.fff}, last error '{row.LastError}'; checked {DateTime.UtcNow:HH:mm:ss.fff})" +
            string.Concat(signupLog?.About(code).Select(line => "\n      log " + line) ?? []);

        // On PostgreSQL, what every session of the app's database was doing when a signup was found stuck (a held job lock
        // or a waiting statement shows here).
        var sessions = pendingSignupCodes.Count > 0
            ? await DescribeSessionsAsync(app) : "";
        foreach (var sequence in sequences)
        {
            var tag = $"[{checkpoint}]";
            var mine = customers.Where(c => c.Code == sequence.UserId || string.Equals(c.Email, sequence.Email, StringComparison.OrdinalIgnoreCase)).ToList();

            // I3: a customer Cheddar charged (or tried to) always has its local account.
            foreach (var customer in mine.Where(c => HasTransaction(c) && !users.Contains(c.Code)))
            {
                sequence.Violate(ChargedHasUser, $"{tag} Cheddar customer {customer.Code} ({customer.Email}, created {customer.CreatedDatetime:HH:mm:ss.fff} sandbox time) has transactions " +
                    $"[{string.Join(", ", Transactions(customer))}] but no local user" +
                    (pendingSignupCodes.Contains(customer.Code) ? " (its signup is still pending)" : ""));
            }
            // I3c: Cheddar's event log (its webhooks) keeps what the customer list no longer shows: deleted customers.
            var myEvents = events.Where(e => string.Equals(e.Email, sequence.Email, StringComparison.OrdinalIgnoreCase)).ToList();
            var charged = myEvents.Where(e => e.Type == "transaction" && e.Response == "approved").Select(e => e.Code).Distinct().ToList();
            foreach (var code in charged.Where(code => myEvents.Any(e => e.Type == "customerDeleted" && e.Code == code)))
            {
                sequence.Violate(ChargedNotDeleted, $"{tag} customer {code} was charged, then deleted (events: {string.Join(", ", myEvents.Where(e => e.Code == code).Select(e => e.Type + (e.Response is { } r ? $" {r}" : "")))})");
            }
            if (charged.Count > 1)
            {
                sequence.Violate(ChargedNotDeleted, $"{tag} one signup ({sequence.Email}) made {charged.Count} charged customers: {string.Join(", ", charged)}");
            }
            foreach (var stuck in pendingSignupCodes.Where(code => mine.Any(c => c.Code == code)))
            {
                sequence.Violate(Decided, $"{tag} signup of customer {stuck} still undecided {settleTimeout.TotalSeconds:0} s after the faults stopped{DescribePending(stuck)}{sessions}");
            }
            if (sequence.UserId is not { } userId)
            {
                continue;
            }
            var customerRecord = mine.FirstOrDefault(c => c.Code == userId);
            if (customerRecord is null)
            {
                sequence.Violate(UserHasCustomer, $"{tag} local user {userId} has no Cheddar customer");
                continue;
            }

            sequence.Log($"{tag} Cheddar: {string.Join(" | ", Items.Select(item => $"{item} {Breakdown(customerRecord, item)}"))}");

            // I5: nothing left in limbo once faults stop: delivered, refused for good, or parked for an operator.
            foreach (var open in undecided.Where(u => u.CustomerCode == userId))
            {
                sequence.Violate(Decided, $"{tag} {open.Units} {open.ItemCode} use(s) neither delivered, refused for good nor parked " +
                    $"{settleTimeout.TotalSeconds:0} s after the faults stopped ({open.Batches})");
            }
            foreach (var unlisted in settled.Where(u => u.CustomerCode == userId && u.State == UsageState.Parked && !listed.Contains(u.BatchId ?? Guid.Empty)))
            {
                sequence.Violate(Decided, $"{tag} parked {unlisted.ItemCode} use {unlisted.Id} is in no batch the operator page lists (batch {unlisted.BatchId})");
            }

            // I1: every unit the app accepted is in Cheddar exactly once, across periods, plan changes and renewals.
            foreach (var item in Items)
            {
                var held = HeldByCheddar(customerRecord, item);
                var recorded = sequence.Recorded(item);
                var parkedUnits = parked.TryGetValue((userId, item), out var p) ? p.Units : 0;
                // Forgiven uses are not billed by a documented rule (the reason says which); they are listed, not hidden.
                var forgivenUnits = forgiven.TryGetValue((userId, item), out var f) ? f.Units : 0;
                if (forgivenUnits > 0)
                {
                    sequence.Log($"{tag} {forgivenUnits} {item} forgiven: {f.Reasons}");
                }
                var owed = recorded - forgivenUnits;
                var ok = held <= owed && held >= owed - parkedUnits;
                if (!ok)
                {
                    sequence.Violate(Conservation, $"{tag} {item}: the app accepted {recorded} unit(s), Cheddar holds {held} " +
                        $"({Breakdown(customerRecord, item)}); app outbox: {outbox.GetValueOrDefault((userId, item), "none")}" + (parkedUnits > 0 ? $", {parkedUnits} parked ('{p.LastError}')" : ""));
                }
                if (parkedUnits > 0)
                {
                    sequence.Log($"{tag} {parkedUnits} {item} parked: {p.LastError}");
                }
            }

            // I2: no set-item-quantity below what Cheddar held, and no remove-item-quantity at all (each write reported once).
            var lowering = writes.For(userId).Where(w => w.Action == "remove-item-quantity" || w.Requested < w.Before).ToList();
            foreach (var group in lowering.Skip(sequence.LoweringWritesReported).GroupBy(w => (w.Action, w.ItemCode, w.Requested, w.Before)))
            {
                sequence.Violate(NeverLowered, $"{tag} {group.Key.Action} {group.Key.ItemCode} to {group.Key.Requested?.ToString() ?? "?"} " +
                    $"while Cheddar held {group.Key.Before?.ToString() ?? "?"} ({group.Count()} attempt(s))");
            }
            sequence.LoweringWritesReported = lowering.Count;

            // I4: a plan that requires a payment method is never held without one.
            var current = customerRecord.Current;
            if (!current.IsCanceled && catalog.FindPlan(current.PlanCode) is { PaymentMethodIsRequired: true } plan && !current.HasCard)
            {
                sequence.Violate(CardWhereRequired, $"{tag} active {plan.Code} subscription without a card");
            }

            // I7: the overage a subscription accrued in its last period is billed when a plan change or cancel ends it.
            foreach (var erased in ErasedOverage(customerRecord, catalog))
            {
                sequence.Violate(OverageKept, $"{tag} {erased}");
            }

            // I6: a plan's trial is given once per customer (switching FREE -> PRO -> FREE -> PRO must not start another).
            var trials = Trials(customerRecord, catalog);
            if (trials.Count > 1)
            {
                sequence.Violate(OneTrial, $"{tag} {trials.Count} trials: {string.Join(", ", trials)}");
            }
        }
    }

    /// <summary>
    /// Units of the item Cheddar holds over the customer's whole history: every closed period's usage plus each
    /// subscription's current usage, minus what a plan change carried over from the subscription before (counted once).
    /// </summary>
    public static decimal HeldByCheddar(CustomerRecord customer, string item)
    {
        decimal held = 0;
        SubscriptionRecord? previous = null;
        foreach (var subscription in Enumerable.Reverse(customer.Subscriptions))
        {
            held += subscription.Invoices.Where(i => i.Type == InvoiceRecord.SubscriptionType && i.IsBilled).Sum(i => i.ClosedUsage.GetValueOrDefault(item));
            held += subscription.Items.FirstOrDefault(i => i.ItemCode == item)?.Quantity ?? 0;
            // A plan change (not a reactivation) starts the new subscription with the old one's usage of shared items.
            if (previous is { IsCanceled: false } && subscription.Items.Any(i => i.ItemCode == item))
            {
                held -= previous.Items.FirstOrDefault(i => i.ItemCode == item)?.Quantity ?? 0;
            }
            previous = subscription;
        }
        return held;
    }

    /// <summary>
    /// For each subscription a plan change or the customer's cancel ended: per item with an overage price, the units above
    /// what was included (or settled under an earlier plan) in its last period, against the units its one-time invoices
    /// billed for that item. Reports each mismatch (erased, or billed twice).
    /// </summary>
    private static IEnumerable<string> ErasedOverage(CustomerRecord customer, SandboxCatalog catalog)
    {
        for (var index = 0; index < customer.Subscriptions.Count; index++)
        {
            var subscription = customer.Subscriptions[index];
            var endedByChange = index > 0 && !subscription.IsCanceled;
            var endedByCancel = subscription.IsCanceled && subscription.CancelType == "customer";
            if ((!endedByChange && !endedByCancel) || catalog.FindPlan(subscription.PlanCode) is not { } plan)
            {
                continue;
            }
            foreach (var item in plan.Items.Where(i => i.OverageAmount > 0))
            {
                var usage = subscription.Items.FirstOrDefault(u => u.ItemCode == item.Code);
                var owed = Math.Max(0m, (usage?.Quantity ?? 0) - Math.Max(item.QuantityIncluded, usage?.SettledQuantity ?? 0));
                var billed = subscription.Invoices.Where(i => i.Type == InvoiceRecord.OneTimeType)
                    .SelectMany(i => i.Charges).Where(c => c.Type == "item" && c.Code == item.Code).Sum(c => c.Quantity);
                if (owed != billed)
                {
                    yield return $"{plan.Code} subscription ended by {(endedByCancel ? "cancel" : "plan change")} with {usage?.Quantity ?? 0} {item.Code} " +
                        $"({item.QuantityIncluded} included): {owed} overage unit(s) owed, {billed} billed";
                }
            }
        }
    }

    /// <summary>
    /// Subscriptions that started with a free trial: a plan with trial days whose first bill came a day or more after it
    /// started, not continuing a paid subscription's period (paid to paid keeps the old bill date).
    /// </summary>
    private static List<string> Trials(CustomerRecord customer, SandboxCatalog catalog)
    {
        var trials = new List<string>();
        SubscriptionRecord? previous = null;
        foreach (var subscription in Enumerable.Reverse(customer.Subscriptions))
        {
            var continuesPaid = previous is { IsCanceled: false } && catalog.FindPlan(previous.PlanCode) is { IsFree: false };
            if (catalog.FindPlan(subscription.PlanCode) is { TrialDays: > 0 } plan && !continuesPaid
                && subscription.BillingAnchor - subscription.CreatedDatetime >= TimeSpan.FromDays(1))
            {
                trials.Add($"{plan.Code} from {subscription.CreatedDatetime:yyyy-MM-dd} to {subscription.BillingAnchor:yyyy-MM-dd}");
            }
            previous = subscription;
        }
        return trials;
    }

    private static string Breakdown(CustomerRecord customer, string item) => string.Join("; ", Enumerable.Reverse(customer.Subscriptions).Select(s =>
        $"{s.PlanCode}{(s.IsCanceled ? $" canceled({s.CancelType})" : "")}: closed [{string.Join(",", s.Invoices.Where(i => i.Type == InvoiceRecord.SubscriptionType && i.IsBilled).Select(i => i.ClosedUsage.GetValueOrDefault(item)))}] current {s.Items.FirstOrDefault(i => i.ItemCode == item)?.Quantity.ToString() ?? "-"}"));

    private static async Task<HashSet<Guid>> WithParkedUsageAsync(BillingAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return [.. (await scope.ServiceProvider.GetRequiredService<ParkedUsage>().ListAsync(Cancel)).Select(b => b.Id)];
    }

    private static bool HasTransaction(CustomerRecord customer) => customer.Subscriptions.Any(s => s.Invoices.Any(i => i.Transactions.Count > 0));

    private static IEnumerable<string> Transactions(CustomerRecord customer) =>
        customer.Subscriptions.SelectMany(s => s.Invoices).SelectMany(i => i.Transactions).Select(t => $"{t.Kind} {t.Amount} {t.Response}");

    /// <summary>Every event the sandbox published (its webhook log, once per event whatever the number of endpoints).</summary>
    private static async Task<List<ChargeEvent>> ChargeEventsAsync(BillingAppFactory app)
    {
        using var sandbox = app.CreateSandboxClient();
        using var document = System.Text.Json.JsonDocument.Parse(await sandbox.GetStringAsync("/sandbox/webhooks", Cancel));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var events = new List<ChargeEvent>();
        foreach (var delivery in document.RootElement.GetProperty("deliveries").EnumerateArray())
        {
            var body = delivery.GetProperty("body");
            if (!seen.Add(body.GetProperty("activityId").GetString() ?? "") || !body.TryGetProperty("customer", out var customer))
            {
                continue;
            }
            string? response = null;
            if (body.TryGetProperty("subscription", out var subscription) && subscription.ValueKind == System.Text.Json.JsonValueKind.Object
                && subscription.TryGetProperty("invoice", out var invoice) && invoice.ValueKind == System.Text.Json.JsonValueKind.Object
                && invoice.TryGetProperty("transaction", out var transaction) && transaction.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                response = transaction.GetProperty("response").GetString();
            }
            events.Add(new ChargeEvent(body.GetProperty("activityType").GetString() ?? "", customer.GetProperty("code").GetString() ?? "",
                customer.GetProperty("email").GetString() ?? "", response));
        }
        return events;
    }

    private sealed record ChargeEvent(string Type, string Code, string Email, string? Response);

    private sealed record Undecided(string CustomerCode, string ItemCode, decimal Units, string Batches);

    /// <summary>The app database's sessions and advisory locks on PostgreSQL (empty on SQLite), for a stuck signup's report.</summary>
    private static async Task<string> DescribeSessionsAsync(BillingAppFactory app) => await app.WithDbAsync(async db =>
    {
        if (!db.Database.IsNpgsql())
        {
            return "";
        }
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(Cancel);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT a.pid, a.state, coalesce(a.wait_event_type || ':' || a.wait_event, '-'),
                       coalesce(extract(epoch FROM now() - a.xact_start)::int::text, '-'),
                       coalesce((SELECT string_agg(l.objid::text || CASE WHEN l.granted THEN '' ELSE '(waiting)' END, ',')
                                 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory'), ''),
                       left(regexp_replace(a.query, '\s+', ' ', 'g'), 160)
                FROM pg_stat_activity a WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() ORDER BY a.pid
                """;
            var lines = new System.Text.StringBuilder();
            await using var reader = await command.ExecuteReaderAsync(Cancel);
            while (await reader.ReadAsync(Cancel))
            {
                lines.Append($"\n      pg {reader.GetInt32(0)} {reader.GetValue(1)} wait {reader.GetString(2)} xact {reader.GetString(3)}s advisory [{reader.GetString(4)}]: {reader.GetValue(5)}");
            }
            return lines.ToString();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    });
}
