using System.Security.Cryptography;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Account;
using DemoSaaS.Web.Features.Reports;
using DemoSaaS.Web.Features.Signup;
using Medallion.Threading;
using Microsoft.AspNetCore.Identity;

namespace DemoSaaS.Web.Features.DemoUsers;

/// <summary>
/// Creates <see cref="DemoUser.All"/> once the app (and its embedded sandbox) has started, through the app's own
/// signup, account and report code, so each exists at Cheddar exactly as a real user would: FREE as signed up; PRO
/// with a card and a paid report-pack invoice; TEAM charged at signup and with a few reports of usage. Users that
/// already exist are left alone, so the generated password is printed only when it was set. Several instances on one
/// database seed once between them: seeding runs under the <c>job:demo-users</c> lock, and whoever comes second finds
/// the users there (as does every instance when <c>--setup</c> seeded them first).
/// </summary>
public sealed partial class DemoUserSeeder(
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    IDistributedLockProvider locks,
    ILogger<DemoUserSeeder> logger) : BackgroundService
{
    /// <summary>The cross-instance lock seeding runs under.</summary>
    public const string JobLockName = "job:demo-users";

    /// <summary>Test card of the simulated gateway (Visa); it goes to Cheddar only, like any card entered at signup.</summary>
    private const string SandboxCardNumber = "4111111111111111";

    /// <summary>Set when seeding finished (created or found every demo user), for tests and tools.</summary>
    public Task Completion => _completion.Task;

    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The embedded sandbox and the webhook receiver listen only once the app has started.
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken);
            }
            await SeedOnceAsync(stoppingToken);
            _completion.TrySetResult();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _completion.TrySetCanceled(stoppingToken);
        }
        catch (Exception error)
        {
            LogFailed(error);
            _completion.TrySetException(error);
        }
    }

    /// <summary>Creates the demo users that do not exist yet, one instance at a time.</summary>
    public async Task SeedOnceAsync(CancellationToken cancellationToken)
    {
        // Another instance may be seeding right now (a signup per user, a few seconds each): wait for it, then find its users.
        await using (await locks.CreateLock(JobLockName).AcquireAsync(TimeSpan.FromMinutes(5), cancellationToken))
        {
            await SeedAsync(cancellationToken);
        }
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var password = NewPassword();
        var created = new List<DemoUser>();
        var existing = new List<DemoUser>();
        foreach (var demo in DemoUser.All)
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            if (await users.FindByEmailAsync(demo.Email) is not null)
            {
                existing.Add(demo);
                continue;
            }
            if (await CreateAsync(scope.ServiceProvider, users, demo, password, cancellationToken))
            {
                created.Add(demo);
            }
        }
        if (created.Count > 0)
        {
            LogCreated(string.Join(", ", created.Select(d => $"{d.Email} ({d.PlanCode})")), password);
        }
        if (existing.Count > 0)
        {
            LogExisting(string.Join(", ", existing.Select(d => d.Email)));
        }
    }

    private async Task<bool> CreateAsync(IServiceProvider services, UserManager<ApplicationUser> users, DemoUser demo, string password, CancellationToken cancellationToken)
    {
        var paid = demo.PlanCode != "FREE";
        var form = new SignupForm
        {
            PlanCode = demo.PlanCode,
            FirstName = demo.FirstName,
            LastName = demo.LastName,
            Email = demo.Email,
            Password = password,
            CardNumber = paid ? SandboxCardNumber : null,
            CardExpiry = paid ? $"12/{DateTime.UtcNow.Year + 3}" : null,
            CardCvv = paid ? "123" : null,
            CardZip = paid ? "90210" : null,
        };
        var result = await services.GetRequiredService<SignupService>().SignUpAsync(form, "127.0.0.1", cancellationToken);
        form.ForgetSecrets();
        if (result.User is not { } user)
        {
            LogNotCreated(demo.Email, result.FormError ?? string.Join("; ", result.FieldErrors.Values));
            return false;
        }
        await users.ConfirmEmailAsync(user, await users.GenerateEmailConfirmationTokenAsync(user));

        if (demo.PlanCode == "PRO")
        {
            // PRO bills after its trial, so its paid invoice comes from a report pack (invoices/new, charged at once).
            var accounts = services.GetRequiredService<AccountService>();
            var bought = await accounts.BuyReportPackAsync(user.Id, await accounts.LoadAsync(user.Id, cancellationToken), cancellationToken);
            if (!bought.Succeeded)
            {
                LogNotCreated(demo.Email, $"report pack: {bought}");
            }
        }
        if (demo.PlanCode == "TEAM")
        {
            var reports = services.GetRequiredService<ReportService>();
            foreach (var (title, data) in SampleReports)
            {
                await reports.GenerateAsync(user.Id, new ReportRequest { Title = title, Kind = ReportSourceKind.Csv, Data = data }, cancellationToken);
            }
        }
        return true;
    }

    private static readonly (string Title, string Data)[] SampleReports =
    [
        ("Visitors by city", "city,visitors\nBerlin,120\nLisbon,80\nOslo,45\n"),
        ("Orders by month", "month,orders\n2026-09,14\n2026-10,19\n2026-11,23\n"),
        ("Support tickets", "team,open,closed\nBilling,3,12\nReports,1,9\n"),
    ];

    /// <summary>Generated at each seeding, never stored in the repository; meets Identity's rules (upper, lower, digit, symbol).</summary>
    private static string NewPassword() =>
        $"Demo-{RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz23456789", 12)}-{RandomNumberGenerator.GetInt32(10, 100)}";

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Demo users created (Development only): {Users}. Password for all of them: {Password}  (printed this once; it is not stored anywhere else)")]
    private partial void LogCreated(string users, string password);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Demo users already exist: {Emails}. Their password was printed when they were created; forgot it? Reset it at /Account/ForgotPassword and open the mail at /dev/mailbox")]
    private partial void LogExisting(string emails);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Demo user {Email} was not set up completely: {Reason}")]
    private partial void LogNotCreated(string email, string reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Seeding the demo users failed")]
    private partial void LogFailed(Exception error);
}
