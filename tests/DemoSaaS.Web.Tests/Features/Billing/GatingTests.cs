using DemoSaaS.Cheddar;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Features.Billing;

/// <summary>Access decisions from the subscription as the sandbox reports it.</summary>
public sealed class GatingTests : IAsyncLifetime
{
    private BillingAppFactory _app = default!;

    public async ValueTask InitializeAsync() => _app = await new BillingAppFactory(new Dictionary<string, string?>
    {
        // Only our own writes and webhooks may refresh a snapshot within a test.
        ["Billing:SnapshotTtl"] = "00:10:00",
    }).StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private IFeatureAccess Access => _app.Services.GetRequiredService<IFeatureAccess>();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Free_plan_allows_reports_up_to_its_included_twenty_then_prompts_to_upgrade()
    {
        var user = await _app.NewCustomerAsync("FREE");
        await _app.Services.GetRequiredService<ICheddarTrackedItems>().SetQuantityAsync(user, "REPORTS", 18, cancellationToken: Cancel);

        var atLimitMinusTwo = await Access.CheckAsync(user, MeteredFeature.Reports, Cancel);
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 1);
        var atLimitMinusOne = await Access.CheckAsync(user, MeteredFeature.Reports, Cancel);
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 1);
        var atLimit = await Access.CheckAsync(user, MeteredFeature.Reports, Cancel);

        Assert.True(atLimitMinusTwo.Allowed);
        Assert.Equal(18, atLimitMinusTwo.Used);
        Assert.Equal(20, atLimitMinusTwo.Included);
        Assert.Equal("FREE", atLimitMinusTwo.PlanCode);
        Assert.NotNull(atLimitMinusTwo.AsOf);
        Assert.True(atLimitMinusOne.Allowed);
        Assert.Equal(19, atLimitMinusOne.Used);
        Assert.False(atLimit.Allowed);
        Assert.Equal(AccessDenialReason.QuotaReached, atLimit.DenialReason);
        Assert.Equal(20, atLimit.Used);
        Assert.Contains("Upgrade", atLimit.Message);
        await Eventually.TrueAsync(async () => await _app.QuantityAsync(user, "REPORTS") == 20, TimeSpan.FromSeconds(10), "both uses reached Cheddar");
    }

    [Fact]
    public async Task Exports_are_denied_on_free_and_allowed_on_a_pro_trial()
    {
        var free = await _app.NewCustomerAsync("FREE");
        var pro = await _app.NewCustomerAsync("PRO");

        var onFree = await Access.CheckAsync(free, MeteredFeature.Exports, Cancel);
        var onProTrial = await Access.CheckAsync(pro, MeteredFeature.Exports, Cancel);

        Assert.False(onFree.Allowed);
        Assert.Equal(AccessDenialReason.NotInPlan, onFree.DenialReason);
        Assert.Contains("PRO", onFree.Message);
        Assert.True(onProTrial.Allowed);
        Assert.False(onProTrial.IsOverage);
        Assert.Equal(100, onProTrial.Included);
    }

    [Fact]
    public async Task Paid_plans_go_into_overage_past_the_included_quantity_and_say_so()
    {
        var team = await _app.NewCustomerAsync("TEAM");
        await _app.Services.GetRequiredService<ICheddarTrackedItems>().SetQuantityAsync(team, "EXPORTS", 1000, cancellationToken: Cancel);

        var decision = await Access.CheckAsync(team, MeteredFeature.Exports, Cancel);

        Assert.True(decision.Allowed);
        Assert.True(decision.IsOverage);
        Assert.Equal(1000, decision.Used);
        Assert.Contains("overage", decision.Message);
    }

    [Fact]
    public async Task A_canceled_subscription_locks_features_within_seconds_through_the_webhook()
    {
        var user = await _app.NewCustomerAsync("PRO");
        Assert.True((await Access.CheckAsync(user, MeteredFeature.Reports, Cancel)).Allowed);

        await _app.Services.GetRequiredService<ICheddarCustomers>().CancelAsync(user, Cancel);

        await Eventually.TrueAsync(async () => (await Access.CheckAsync(user, MeteredFeature.Reports, Cancel)).DenialReason == AccessDenialReason.Canceled,
            TimeSpan.FromSeconds(5), "the cancel webhook locked reports");
        var decision = await Access.CheckAsync(user, MeteredFeature.Exports, Cancel);
        Assert.False(decision.Allowed);
        Assert.Contains("canceled", decision.Message);
    }

    [Fact]
    public async Task A_trial_that_ends_without_a_card_locks_features_when_the_sandbox_clock_passes_its_bill_date()
    {
        // PRO starts with a 14-day trial and no card; at the first bill date Cheddar cancels it. The sandbox clock runs
        // ahead of ours here, so this also proves a cancel is judged by Cheddar's time, not ours.
        var user = await _app.NewCustomerAsync("PRO");
        var inTrial = await Access.CheckAsync(user, MeteredFeature.Reports, Cancel);
        using var sandbox = _app.CreateSandboxClient();

        using var advanced = await sandbox.PostAsync("/sandbox/clock/advance",
            new StringContent("{\"days\":15}", System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.True(advanced.IsSuccessStatusCode, await advanced.Content.ReadAsStringAsync(Cancel));
        Assert.True(inTrial.Allowed);
        await Eventually.TrueAsync(async () => (await Access.CheckAsync(user, MeteredFeature.Reports, Cancel)).DenialReason == AccessDenialReason.Canceled,
            TimeSpan.FromSeconds(10), "the expired trial locked reports");
    }

    [Fact]
    public async Task A_user_without_a_Cheddar_customer_has_no_subscription()
    {
        var decision = await Access.CheckAsync(Guid.NewGuid().ToString(), MeteredFeature.Reports, Cancel);

        Assert.False(decision.Allowed);
        Assert.Equal(AccessDenialReason.NoSubscription, decision.DenialReason);
    }
}
