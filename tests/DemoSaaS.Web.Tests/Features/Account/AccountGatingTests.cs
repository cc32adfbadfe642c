using DemoSaaS.Web.Features.Account;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Features.Account;

/// <summary>
/// Account changes and billing: gating follows a change Cheddar accepted at once (no waiting for a webhook or the
/// snapshot's TTL), and Cheddar's webhooks about the account appear as recent billing events. Real Kestrel, so the
/// sandbox's webhooks reach the app.
/// </summary>
public sealed class AccountGatingTests : IAsyncLifetime
{
    private BillingAppFactory _app = default!;
    private AccountSandbox _sandbox = default!;

    public async ValueTask InitializeAsync()
    {
        // A long TTL: only our own refresh after the change can make gating see it within the test.
        _app = await new BillingAppFactory(new Dictionary<string, string?> { ["Billing:SnapshotTtl"] = "00:30:00" }).StartAsync();
        _sandbox = new AccountSandbox(_app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IFeatureAccess Gating => _app.Services.GetRequiredService<IFeatureAccess>();

    [Fact]
    public async Task After_an_upgrade_exports_are_allowed_at_once()
    {
        var user = await _sandbox.CreateCustomerAsync("FREE", withCard: false);
        Assert.Equal(AccessDenialReason.NotInPlan, (await Gating.CheckAsync(user, MeteredFeature.Exports, Ct)).DenialReason);

        var result = await _sandbox.AccountService().ChangePlanAsync(user, "TEAM", AccountSandbox.Card(), Ct);

        Assert.True(result.Succeeded, result.Message);
        Assert.True((await Gating.CheckAsync(user, MeteredFeature.Exports, Ct)).Allowed);
    }

    [Fact]
    public async Task After_canceling_features_lock_at_once_and_resubscribing_unlocks_them()
    {
        var user = await _sandbox.CreateCustomerAsync("PRO");
        Assert.True((await Gating.CheckAsync(user, MeteredFeature.Reports, Ct)).Allowed);
        var service = _sandbox.AccountService();

        Assert.True((await service.CancelAsync(user, Ct)).Succeeded);
        var locked = await Gating.CheckAsync(user, MeteredFeature.Reports, Ct);

        Assert.False(locked.Allowed);
        Assert.Equal(AccessDenialReason.Canceled, locked.DenialReason);

        Assert.True((await service.ResubscribeAsync(user, "PRO", AccountSandbox.Card(), Ct)).Succeeded);
        Assert.True((await Gating.CheckAsync(user, MeteredFeature.Reports, Ct)).Allowed);
    }

    [Fact]
    public async Task A_declined_upgrade_leaves_gating_on_the_old_plan()
    {
        var user = await _sandbox.CreateCustomerAsync("FREE", withCard: false);

        var result = await _sandbox.AccountService().ChangePlanAsync(user, "TEAM", AccountSandbox.Card(zip: "06000"), Ct);

        Assert.False(result.Succeeded);
        Assert.Equal(AccessDenialReason.NotInPlan, (await Gating.CheckAsync(user, MeteredFeature.Exports, Ct)).DenialReason);
    }

    [Fact]
    public async Task Cheddars_webhooks_about_the_account_appear_as_recent_billing_events()
    {
        var user = await _sandbox.CreateCustomerAsync("FREE", withCard: false);
        var service = _sandbox.AccountService();
        Assert.True((await service.ChangePlanAsync(user, "TEAM", AccountSandbox.Card(), Ct)).Succeeded);
        Assert.True((await service.CancelAsync(user, Ct)).Succeeded);

        IReadOnlyList<string> summaries = [];
        await Eventually.TrueAsync(async () =>
        {
            summaries = (await service.LoadAsync(user, Ct)).Events.Select(e => e.Summary).ToList();
            return summaries.Count >= 4;
        }, TimeSpan.FromSeconds(10), "the signup, plan change, payment and cancel webhooks are listed");

        Assert.Contains(summaries, s => s.StartsWith("Subscription canceled (Team)", StringComparison.Ordinal));
        Assert.Contains(summaries, s => s.Contains("Plan changed from Free to Team", StringComparison.Ordinal));
        Assert.Contains(summaries, s => s.StartsWith("Payment of 49.00", StringComparison.Ordinal));
        Assert.Contains(summaries, s => s.StartsWith("Subscribed (Free)", StringComparison.Ordinal));
    }
}
