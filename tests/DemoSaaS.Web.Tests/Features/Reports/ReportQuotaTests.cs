using DemoSaaS.Cheddar;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Features.Reports;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Features.Reports;

/// <summary>
/// Reports against the quota through the app's own ReportService, with the real gate, outbox, relay and sandbox:
/// the last report of a FREE plan is given once however many tabs ask for it (issue 13, item 8), and a denied
/// user's input is not even read (issue 13, "parse report input after access is checked").
/// </summary>
public sealed class ReportQuotaTests : IAsyncLifetime
{
    private const int Tabs = 8;
    private BillingAppFactory _app = default!;

    public async ValueTask InitializeAsync() => _app = await new BillingAppFactory(new Dictionary<string, string?>
    {
        ["Billing:SnapshotTtl"] = "00:10:00",
    }).StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Several_tabs_at_a_free_users_last_report_get_exactly_one_report_and_cheddar_ends_at_twenty()
    {
        var user = await NewFreeUserAsync();
        await _app.Services.GetRequiredService<ICheddarTrackedItems>().SetQuantityAsync(user, "REPORTS", 19, cancellationToken: Cancel);
        // Every tab has seen the page allow one more report (the snapshot shows 19 of 20).
        Assert.True((await NewReportService().CheckAsync(user, MeteredFeature.Reports, Cancel)).Allowed);

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var submits = Enumerable.Range(0, Tabs).Select(tab => Task.Run(async () =>
        {
            var reports = NewReportService();
            await go.Task;
            return await reports.GenerateAsync(user, new ReportRequest { Kind = ReportSourceKind.Text, Data = $"tab {tab} words words" }, Cancel);
        }, Cancel)).ToList();
        go.SetResult();
        var outcomes = await Task.WhenAll(submits);

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Equal(AccessDenialReason.QuotaReached, o.Decision?.DenialReason));
        await Eventually.TrueAsync(() => _app.WithDbAsync(db => db.UsageOutbox.AllAsync(u => u.CustomerCode != user || u.SettledAtUtc != null, Cancel)),
            TimeSpan.FromSeconds(15), "the relay settled the uses");
        Assert.Equal(20, await _app.QuantityAsync(user, "REPORTS"));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Reports.CountAsync(r => r.UserId == user, Cancel)));
        Assert.Equal(1, await _app.WithDbAsync(db => db.UsageOutbox.CountAsync(u => u.CustomerCode == user, Cancel)));
    }

    [Fact]
    public async Task A_user_at_the_free_quota_gets_the_quota_prompt_even_for_input_that_would_be_refused()
    {
        var user = await NewFreeUserAsync();
        await _app.Services.GetRequiredService<ICheddarTrackedItems>().SetQuantityAsync(user, "REPORTS", 20, cancellationToken: Cancel);

        var outcome = await NewReportService().GenerateAsync(user, new ReportRequest { Kind = ReportSourceKind.Csv, Data = "" }, Cancel);

        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.InputError);
        Assert.Equal(AccessDenialReason.QuotaReached, outcome.Decision?.DenialReason);
    }

    [Fact]
    public async Task An_allowed_user_with_bad_input_gets_the_input_error_and_nothing_is_recorded()
    {
        var user = await NewFreeUserAsync();

        var outcome = await NewReportService().GenerateAsync(user, new ReportRequest { Kind = ReportSourceKind.Text, Data = "  " }, Cancel);

        Assert.False(outcome.Succeeded);
        Assert.Contains("Paste some text first", outcome.InputError);
        Assert.Equal(0, await _app.WithDbAsync(db => db.UsageOutbox.CountAsync(u => u.CustomerCode == user, Cancel)));
    }

    /// <summary>A signed-up user: a Cheddar customer on FREE and the local user its reports belong to (same id).</summary>
    private async Task<string> NewFreeUserAsync()
    {
        var code = await _app.NewCustomerAsync("FREE");
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var created = await users.CreateAsync(new ApplicationUser { Id = code, UserName = $"{code}@example.com", Email = $"{code}@example.com", EmailConfirmed = true });
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        return code;
    }

    /// <summary>A tab: the page's own service in its own scope, as each circuit has one.</summary>
    private ReportService NewReportService() => _app.Services.CreateScope().ServiceProvider.GetRequiredService<ReportService>();
}
