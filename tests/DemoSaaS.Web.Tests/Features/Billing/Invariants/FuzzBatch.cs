using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DemoSaaS.Cheddar;
using DemoSaaS.CheddarSandbox.Storage;
using DemoSaaS.Tests.Shared;
using DemoSaaS.Web.Features.Account;
using DemoSaaS.Web.Features.Billing.Metering;
using DemoSaaS.Web.Features.Reports;
using DemoSaaS.Web.Features.Signup;
using DemoSaaS.Web.Infrastructure.Cheddar;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Tests.Features.Billing.Invariants;

/// <summary>
/// Runs independent sequences (each its own user and Cheddar customer, faults scoped to that customer) concurrently
/// against ONE app host with its embedded sandbox, on database files that survive the batch's restarts. Between phases
/// the batch restarts the app or settles, checks and advances the sandbox clock (<see cref="FuzzSchedule"/>).
/// </summary>
public sealed class FuzzBatch(IReadOnlyList<FuzzSequence> sequences, FuzzSettings settings)
{
    private const string Password = "Correct-Horse-9";
    private const string Card = "4111111111111111";

    private readonly QuantityWriteLog _writes = new();
    private readonly SignupLogCapture _signupLog = new();
    private readonly string _appDatabase = BillingAppFactory.NewDatabasePath();
    private readonly string _sandboxDatabase = BillingAppFactory.NewDatabasePath();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // On PostgreSQL: the batch's database, made when the batch starts and dropped when it ends.
    private string? _postgresDatabase;

    private Dictionary<string, string?> HostSettings => new(FuzzCatalog.Settings())
    {
        ["Database:Provider"] = _postgresDatabase is null ? "Sqlite" : "Postgres",
        ["ConnectionStrings:DefaultConnection"] = _postgresDatabase ?? $"DataSource={_appDatabase}",
        ["CheddarSandbox:DatabasePath"] = _sandboxDatabase,
        // Short timeouts and backoffs so a hang, a retry or a settle costs a second, not a minute.
        ["Cheddar:Timeout"] = "00:00:01.500",
        ["Cheddar:AttemptTimeout"] = "00:00:00.700",
        ["Cheddar:RetryBaseDelay"] = "00:00:00.050",
        ["Cheddar:MaxRetryAfter"] = "00:00:02",
        ["Signup:CheddarTimeout"] = "00:00:01.500",
        // Settle times cover the longest a call can still be carried out after the app gave up: the faults' 2.5 s latency
        // against a 1.5 s timeout, plus the sandbox's own queueing under 50 users (a late signup was seen applied 7.3 s after
        // it started). An outcome looked up after them is final, as the options' documentation asks.
        ["Signup:SettleTime"] = "00:00:10",
        ["Billing:RelaySettleTime"] = "00:00:10",
        ["Signup:CleanupInterval"] = "00:00:00.250",
        ["Billing:RelayInterval"] = "00:00:00.500",
        ["Billing:RelayCoalesceDelay"] = "00:00:00.050",
        ["Billing:RelayInitialBackoff"] = "00:00:00.100",
        ["Billing:RelayMaxBackoff"] = "00:00:00.500",
        ["Billing:SnapshotFetchTimeout"] = "00:00:00.500",
        ["Billing:SnapshotRetryPause"] = "00:00:01",
        ["Logging:LogLevel:Default"] = "Critical",
    };

    /// <summary>Where the batch's wall time went (signup, phases, restarts, settles, clock), for tuning the CI budget.</summary>
    public string Timings => string.Join(", ", _timings);

    private readonly List<string> _timings = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private void Lap(string what)
    {
        _timings.Add($"{what} {_clock.Elapsed.TotalSeconds:0.0}s");
        _clock.Restart();
    }

    public async Task RunAsync()
    {
        if (settings.OnPostgres)
        {
            _postgresDatabase = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync("fuzz", Cancel);
        }
        var app = await StartAppAsync();
        Lap("start");
        try
        {
            await Task.WhenAll(sequences.Select(s => Task.Run(() => SignUpAsync(app, s), Cancel)));
            Lap("signup");
            for (var phase = 0; phase < FuzzSchedule.PhaseCount; phase++)
            {
                foreach (var sequence in sequences)
                {
                    sequence.Log($"-- phase {phase + 1}");
                }
                await Task.WhenAll(sequences.Select(s => Task.Run(() => RunPhaseAsync(app, s, phase), Cancel)));
                Lap($"phase {phase + 1}");

                var (restart, days) = FuzzSchedule.AfterPhase[phase];
                var last = phase == FuzzSchedule.PhaseCount - 1;
                foreach (var sequence in sequences)
                {
                    sequence.Log(FuzzSchedule.Describe(phase) + (last ? " (end: settle and check)" : ""));
                }
                if (restart)
                {
                    // Faults live in the sandbox's memory: they end with it, and the next one numbers its faults from 1 again.
                    foreach (var sequence in sequences)
                    {
                        lock (sequence.FaultIds)
                        {
                            sequence.FaultIds.Clear();
                        }
                    }
                    await app.DisposeAsync();
                    _writes.Store = null;
                    app = await StartAppAsync();
                    Lap("restart");
                }
                if (days > 0 || last)
                {
                    await BillingInvariantChecks.SettleAndCheckAsync(app, sequences, _writes, settings.SettleTimeout, $"after phase {phase + 1}");
                    Lap("settle+check");
                }
                if (days > 0)
                {
                    using var sandbox = app.CreateSandboxClient();
                    using var advanced = await sandbox.PostAsync("/sandbox/clock/advance",
                        new StringContent($"{{\"days\":{days}}}", Encoding.UTF8, "application/json"), Cancel);
                    advanced.EnsureSuccessStatusCode();
                    Lap($"clock +{days}d");
                }
            }
        }
        finally
        {
            await app.DisposeAsync();
            BillingAppFactory.DeleteDatabase(_appDatabase);
            BillingAppFactory.DeleteDatabase(_sandboxDatabase);
            if (_postgresDatabase is not null)
            {
                await (await PostgresCluster.SharedAsync()).DropDatabaseAsync(_postgresDatabase, CancellationToken.None);
            }
        }
    }

    private async Task<BillingAppFactory> StartAppAsync()
    {
        var app = new BillingAppFactory(HostSettings, _appDatabase, services =>
        {
            services.ConfigureAll<HttpClientFactoryOptions>(options =>
                options.HttpMessageHandlerBuilderActions.Add(handlers => handlers.AdditionalHandlers.Add(new QuantityWriteLog.Handler(_writes))));
            services.AddSingleton<ILoggerProvider>(_signupLog);
            services.Configure<LoggerFilterOptions>(options =>
                options.AddFilter<SignupLogCapture>(SignupLogCapture.Category, LogLevel.Debug));
            // Hundreds of signups per run: the password hash's cost is not what this test is about.
            services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1000);
            // More relays on the same database: each customer's uses must still be sent by one of them at a time.
            for (var relay = 1; relay < settings.Relays; relay++)
            {
                services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<UsageRelay>(provider));
            }
        });
        await app.StartAsync();
        _writes.Store = app.Services.GetRequiredService<EmbeddedCheddarSandbox>().SandboxServices.GetRequiredService<CustomerStore>();
        return app;
    }

    private static async Task SignUpAsync(BillingAppFactory app, FuzzSequence sequence)
    {
        var script = sequence.Script;
        foreach (var fault in script.SignUpFaults)
        {
            sequence.Log($"{fault} -> fault {await AddFaultAsync(app, sequence, fault)}");
        }
        // An unknown outcome (timeout, 5xx, dropped answer) is tried again, as a user would.
        for (var attempt = 1; attempt <= 2 && sequence.UserId is null; attempt++)
        {
            try
            {
                await using var scope = app.Services.CreateAsyncScope();
                var form = new SignupForm
                {
                    Email = sequence.Email,
                    Password = Password,
                    FirstName = "Fuzz",
                    LastName = "Tester",
                    PlanCode = script.SignUp.Plan!,
                };
                if (script.SignUp.WithCard)
                {
                    form.CardNumber = Card;
                    form.CardExpiry = $"12/{DateTime.UtcNow.Year + 3}";
                    form.CardCvv = "123";
                    form.CardZip = "12345";
                }
                var started = DateTime.UtcNow;
                var result = await scope.ServiceProvider.GetRequiredService<SignupService>().SignUpAsync(form, "127.0.0.1", Cancel);
                sequence.UserId = result.User?.Id;
                sequence.Log($"{script.SignUp} (attempt {attempt}, {started:HH:mm:ss.fff}-{DateTime.UtcNow:HH:mm:ss.fff}) -> {(result.Succeeded ? $"signed up, user {result.User!.Id}" : result.FormError ?? string.Join("; ", result.FieldErrors.Values))}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !Cancel.IsCancellationRequested)
            {
                sequence.Log($"{script.SignUp} (attempt {attempt}) -> threw {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    private static async Task RunPhaseAsync(BillingAppFactory app, FuzzSequence sequence, int phase)
    {
        foreach (var step in sequence.Script.Phases[phase])
        {
            if (sequence.UserId is not { } userId)
            {
                sequence.Log($"{step} -> skipped (no user)");
                continue;
            }
            try
            {
                sequence.Log($"{step} -> {await RunStepAsync(app, sequence, userId, step)}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !Cancel.IsCancellationRequested)
            {
                sequence.Log($"{step} -> threw {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    private static async Task<string> RunStepAsync(BillingAppFactory app, FuzzSequence sequence, string userId, FuzzStep step)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        switch (step.Kind)
        {
            case FuzzStepKind.Reports:
            {
                string? denied = null;
                // Each report on its own: one that throws (the page would show an error) made nothing the user got, so it
                // counts as not accepted; the others of the same step still count.
                async Task<bool> ReportAsync()
                {
                    try
                    {
                        var (ok, why) = await OneReportAsync(app, userId);
                        denied ??= why;
                        return ok;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !Cancel.IsCancellationRequested)
                    {
                        denied ??= $"threw {ex.GetType().Name}: {ex.Message}";
                        return false;
                    }
                }
                var accepted = step.Concurrent
                    ? (await Task.WhenAll(Enumerable.Range(0, step.Count).Select(_ => Task.Run(ReportAsync, Cancel)))).Count(a => a)
                    : await SequentialAsync(step.Count, ReportAsync);
                sequence.Record("REPORTS", accepted);
                return $"{accepted} accepted" + (denied is null ? "" : $" (denied: {denied})");
            }
            case FuzzStepKind.Exports:
            {
                var reports = services.GetRequiredService<ReportService>();
                var first = (await reports.ListAsync(userId, Cancel)).LastOrDefault();
                if (first is null)
                {
                    return "no report to export";
                }
                string? failed = null;
                var accepted = await SequentialAsync(step.Count, async () =>
                {
                    try
                    {
                        await using var exportScope = app.Services.CreateAsyncScope();
                        return (await exportScope.ServiceProvider.GetRequiredService<ReportService>().ExportAsync(userId, first.Id, Cancel)).Succeeded;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !Cancel.IsCancellationRequested)
                    {
                        failed ??= $"threw {ex.GetType().Name}: {ex.Message}";
                        return false;
                    }
                });
                sequence.Record("EXPORTS", accepted);
                return $"{accepted} accepted" + (failed is null ? "" : $" ({failed})");
            }
            case FuzzStepKind.ChangePlan:
                return Describe(await services.GetRequiredService<AccountService>().ChangePlanAsync(userId, step.Plan!, step.WithCard ? NewCard() : null, Cancel));
            case FuzzStepKind.Resubscribe:
                return Describe(await services.GetRequiredService<AccountService>().ResubscribeAsync(userId, step.Plan!, step.WithCard ? NewCard() : null, Cancel));
            case FuzzStepKind.Cancel:
                return Describe(await services.GetRequiredService<AccountService>().CancelAsync(userId, Cancel));
            case FuzzStepKind.ChangeCard:
                return Describe(await services.GetRequiredService<AccountService>().UpdateCardAsync(userId, NewCard(), Cancel));
            case FuzzStepKind.ChangePlanElsewhere:
            {
                // Not the app: its faults are lifted first and its client (short test timeouts) is not used, as an admin's
                // change in Cheddar's UI never meets them.
                await RemoveFaultsAsync(app, sequence);
                var cheddar = services.GetRequiredService<IOptions<CheddarOptions>>().Value;
                using var admin = app.CreateSandboxClient();
                admin.Timeout = TimeSpan.FromSeconds(60);
                admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{cheddar.Username}:{cheddar.Password}")));
                using var response = await admin.PostAsync($"/xml/customers/edit-subscription/productCode/{cheddar.ProductCode}/code/{userId}",
                    new FormUrlEncodedContent([new KeyValuePair<string, string>("planCode", step.Plan!)]), Cancel);
                var body = await response.Content.ReadAsStringAsync(Cancel);
                return response.IsSuccessStatusCode && !body.Contains("<error", StringComparison.Ordinal)
                    ? $"Cheddar answered {(int)response.StatusCode}, plan now {System.Text.RegularExpressions.Regex.Match(body, "<plan [^>]*code=\"([^\"]*)\"").Groups[1].Value}"
                    : $"Cheddar answered {(int)response.StatusCode}: {System.Text.RegularExpressions.Regex.Match(body, "<error[^>]*>([^<]*)</error>").Groups[1].Value}";
            }
            case FuzzStepKind.Fault:
                return $"fault {await AddFaultAsync(app, sequence, step)}";
            case FuzzStepKind.Pause:
                await Task.Delay(step.Count, Cancel);
                return "done";
            default:
                throw new InvalidOperationException($"Unexpected step {step.Kind}.");
        }
    }

    /// <summary>One report as the Reports page makes it; when denied, the gate's reason.</summary>
    private static async Task<(bool Accepted, string? Denied)> OneReportAsync(BillingAppFactory app, string userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<ReportService>().GenerateAsync(userId,
            new ReportRequest { Kind = ReportSourceKind.Text, Data = "fuzz words for a fuzz report" }, Cancel);
        return (outcome.Succeeded, outcome.Succeeded ? null : outcome.Decision?.DenialReason?.ToString() ?? outcome.InputError);
    }

    private static async Task<int> SequentialAsync(int count, Func<Task<bool>> use)
    {
        var accepted = 0;
        for (var i = 0; i < count; i++)
        {
            accepted += await use() ? 1 : 0;
        }
        return accepted;
    }

    private static CardForm NewCard() => new()
    {
        FirstName = "Fuzz",
        LastName = "Tester",
        Number = Card,
        Expiry = $"12/{(DateTime.UtcNow.Year + 3) % 100:00}",
        Cvv = "123",
        Zip = "12345",
    };

    private static string Describe(AccountActionResult result) =>
        $"{(result.Succeeded ? "ok" : "refused")}: {result.Message}" + (result.Overview?.Plan?.Code is { } plan ? $" (plan {plan})" : "");

    /// <summary>Adds a fault matched by the sequence's email, which the sandbox follows to its customer (by code) after signup.</summary>
    private static async Task<int> AddFaultAsync(BillingAppFactory app, FuzzSequence sequence, FuzzStep fault)
    {
        var customer = sequence.Email;
        using var sandbox = app.CreateSandboxClient();
        var json = $"{{\"path\":\"{fault.FaultPath}\",\"customer\":\"{customer}\",{fault.FaultFields},\"count\":{fault.Count.ToString(CultureInfo.InvariantCulture)}}}";
        using var response = await sandbox.PostAsync("/sandbox/faults", new StringContent(json, Encoding.UTF8, "application/json"), Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.IsSuccessStatusCode, $"The sandbox refused fault {json}: {body}");
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32();
        lock (sequence.FaultIds)
        {
            sequence.FaultIds.Add(id);
        }
        return id;
    }

    private static async Task RemoveFaultsAsync(BillingAppFactory app, FuzzSequence sequence)
    {
        int[] ids;
        lock (sequence.FaultIds)
        {
            ids = [.. sequence.FaultIds];
            sequence.FaultIds.Clear();
        }
        using var sandbox = app.CreateSandboxClient();
        foreach (var id in ids)
        {
            // 404 once the fault was used up or the app restarted (faults live in memory).
            using var _ = await sandbox.DeleteAsync($"/sandbox/faults/{id}", Cancel);
        }
    }
}
