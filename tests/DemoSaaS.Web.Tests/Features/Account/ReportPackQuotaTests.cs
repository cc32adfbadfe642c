using DemoSaaS.Web.Features.Billing.Metering;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Features.Account;

/// <summary>
/// A report pack bought on the account page raises the quota end to end: gating allows the extra reports, the
/// uses it paid for are not sent to Cheddar (no refusal above FREE's limit, no overage billed again on PRO), and the
/// page shows the same count gating uses (docs/decisions/0004-report-pack-quota.md).
/// </summary>
public sealed class ReportPackQuotaTests : IAsyncLifetime
{
    private BillingAppFactory _app = default!;
    private AccountSandbox _sandbox = default!;

    public async ValueTask InitializeAsync()
    {
        _app = await new BillingAppFactory().StartAsync();
        _sandbox = new AccountSandbox(_app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IFeatureAccess Gating => _app.Services.GetRequiredService<IFeatureAccess>();

    [Fact]
    public async Task On_free_a_report_pack_lets_reports_continue_past_twenty_without_cheddar_refusing_them()
    {
        var user = await _sandbox.CreateCustomerAsync("FREE");
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 18);
        await Eventually.TrueAsync(async () => await _app.QuantityAsync(user, "REPORTS") == 18, TimeSpan.FromSeconds(15), "Cheddar shows 18 reports");
        var service = _sandbox.AccountService();

        var bought = await service.BuyReportPackAsync(user, await service.LoadAsync(user, Ct), Ct);
        Assert.True(bought.Succeeded, bought.Message);
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 7);
        await Eventually.TrueAsync(() => NothingPendingAsync(user), TimeSpan.FromSeconds(15), "the 7 uses are settled");

        Assert.Equal(20, await _app.QuantityAsync(user, "REPORTS"));
        Assert.Equal(5, await _app.WithDbAsync(db => db.UsageOutbox.CountAsync(u => u.CustomerCode == user && u.State == UsageState.CoveredByReportPack, Ct)));
        Assert.False(await _app.WithDbAsync(db => db.UsageOutbox.AnyAsync(u => u.CustomerCode == user && (u.State == UsageState.Rejected || u.State == UsageState.Forgiven || u.State == UsageState.Parked), Ct)));
        var decision = await Gating.CheckAsync(user, MeteredFeature.Reports, Ct);
        Assert.True(decision.Allowed, decision.Message);
        Assert.Equal(25, decision.Used);
        Assert.Equal(120, decision.Included);
        var reports = Assert.Single((await service.LoadAsync(user, Ct)).Usage);
        Assert.Equal(25, reports.Used);
        Assert.Equal(120, reports.Allowance);
    }

    [Fact]
    public async Task On_free_the_quota_stops_again_once_the_pack_is_used_up()
    {
        var user = await _sandbox.CreateCustomerAsync("FREE");
        await _sandbox.SetUsageAsync(user, "REPORTS", 20);
        var service = _sandbox.AccountService();
        Assert.Equal(AccessDenialReason.QuotaReached, (await Gating.CheckAsync(user, MeteredFeature.Reports, Ct)).DenialReason);

        Assert.True((await service.BuyReportPackAsync(user, await service.LoadAsync(user, Ct), Ct)).Succeeded);
        Assert.True((await Gating.CheckAsync(user, MeteredFeature.Reports, Ct)).Allowed);
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 100);
        await Eventually.TrueAsync(() => NothingPendingAsync(user), TimeSpan.FromSeconds(15), "the 100 uses are settled");

        var decision = await Gating.CheckAsync(user, MeteredFeature.Reports, Ct);
        Assert.False(decision.Allowed);
        Assert.Equal(AccessDenialReason.QuotaReached, decision.DenialReason);
        Assert.Contains("report pack", decision.Message);
        Assert.Equal(20, await _app.QuantityAsync(user, "REPORTS"));
    }

    [Fact]
    public async Task On_pro_uses_paid_by_a_pack_are_not_billed_again_as_overage()
    {
        var user = await _sandbox.CreateCustomerAsync("PRO");
        await _sandbox.SetUsageAsync(user, "REPORTS", 499);
        var service = _sandbox.AccountService();
        Assert.True((await service.BuyReportPackAsync(user, await service.LoadAsync(user, Ct), Ct)).Succeeded);

        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 3);
        await Eventually.TrueAsync(() => NothingPendingAsync(user), TimeSpan.FromSeconds(15), "the 3 uses are settled");

        Assert.Equal(500, await _app.QuantityAsync(user, "REPORTS"));
        var open = (await _app.GetCustomerAsync(user)).CurrentSubscription!.CurrentInvoice!;
        Assert.DoesNotContain(open.Charges, c => c.Code == "REPORTS" && c.Amount > 0);
        var decision = await Gating.CheckAsync(user, MeteredFeature.Reports, Ct);
        Assert.False(decision.IsOverage);
        Assert.Equal(502, decision.Used);
    }

    private Task<bool> NothingPendingAsync(string user) =>
        _app.WithDbAsync(db => db.UsageOutbox.AllAsync(u => u.CustomerCode != user || u.State == UsageState.Delivered || u.State == UsageState.CoveredByReportPack || u.State == UsageState.Rejected || u.State == UsageState.Forgiven, Ct));
}
