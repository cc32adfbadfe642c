using DemoSaaS.Web.Features.Account;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DemoSaaS.Web.Tests.Features.Account;

/// <summary>
/// The account page's usage panel and the gate count the same thing (issue 13, "one Billing component owns usage
/// against quota"): for a user with uses delivered to Cheddar, uses still in the outbox and uses a report pack paid
/// for, the panel shows exactly the used and allowed quantities the gate decides on.
/// </summary>
public sealed class UsageAgreementTests : IAsyncLifetime
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
    public async Task The_usage_panel_shows_what_the_gate_counts_with_delivered_pending_and_pack_covered_uses()
    {
        var user = await _sandbox.CreateCustomerAsync("PRO");
        await _sandbox.SetUsageAsync(user, "REPORTS", 499);
        await _sandbox.SetUsageAsync(user, "EXPORTS", 10);
        var service = _sandbox.AccountService();
        Assert.True((await service.BuyReportPackAsync(user, await service.LoadAsync(user, Ct), Ct)).Succeeded);
        // One report fits PRO's 500 and goes to Cheddar; the pack pays for the next two, which never reach it.
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 3);
        await Eventually.TrueAsync(() => _app.WithDbAsync(db => db.UsageOutbox.AllAsync(u => u.CustomerCode != user || u.SettledAtUtc != null, Ct)),
            TimeSpan.FromSeconds(15), "the three reports are settled");
        // Cheddar refuses every quantity change from now on, so three exports stay in the outbox.
        await _sandbox.InjectFaultAsync("item-quantity", 503, count: 1000);
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Exports, 3);

        var reportsGate = await Gating.CheckAsync(user, MeteredFeature.Reports, Ct);
        var exportsGate = await Gating.CheckAsync(user, MeteredFeature.Exports, Ct);
        var overview = await _sandbox.AccountService().LoadAsync(user, Ct);
        await using var bunit = new BunitContext();
        bunit.Services.AddMudServices();
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        var panel = bunit.Render<UsagePanel>(p => p.Add(c => c.Overview, overview));

        var reports = overview.Usage.Single(u => u.ItemCode == "REPORTS");
        var exports = overview.Usage.Single(u => u.ItemCode == "EXPORTS");
        Assert.Equal((500m, 0m, 2m), (reports.CheddarQuantity, reports.Pending, reports.CoveredByPacks));
        Assert.Equal((10m, 3m, 0m), (exports.CheddarQuantity, exports.Pending, exports.CoveredByPacks));
        Assert.Equal((reportsGate.Used, reportsGate.Included), (reports.Used, reports.Allowance));
        Assert.Equal((exportsGate.Used, exportsGate.Included), (exports.Used, exports.Allowance));
        Assert.Equal((502m, 600m, 98m), (reports.Used, reports.Allowance, reports.Remaining));
        Assert.Equal((13m, 100m, 87m), (exports.Used, exports.Allowance, exports.Remaining));
        Assert.Equal("502 of 600 used", panel.Find("[data-testid=usage-REPORTS] [data-testid=usage-text]").TextContent.Trim());
        Assert.Equal("13 of 100 used", panel.Find("[data-testid=usage-EXPORTS] [data-testid=usage-text]").TextContent.Trim());
        Assert.Contains("100 from report packs", panel.Find("[data-testid=usage-REPORTS] [data-testid=usage-pack]").TextContent);
    }
}
