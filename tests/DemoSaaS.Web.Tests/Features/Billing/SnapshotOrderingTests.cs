using DemoSaaS.Cheddar;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Tests.Features.Account;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Features.Billing;

/// <summary>
/// A customers/get that started before a cancel and whose answer lands after it (issue 13, item 7) must not let the
/// canceled user in again: gating orders snapshots by when their request started, so the older answer neither
/// replaces the cancel's own answer nor clears the cancel webhook's invalidation.
/// </summary>
public sealed class SnapshotOrderingTests : IAsyncLifetime
{
    private readonly HeldCheddarAnswers _network = new();
    private BillingAppFactory _app = default!;

    public async ValueTask InitializeAsync() => _app = await new BillingAppFactory(new Dictionary<string, string?>
    {
        // Only our own writes, reads and webhooks may refresh a snapshot within a test.
        ["Billing:SnapshotTtl"] = "00:10:00",
        ["Billing:SnapshotFetchTimeout"] = "00:00:20",
    }, testServices: _network.Register).StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private IFeatureAccess Access => _app.Services.GetRequiredService<IFeatureAccess>();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_read_answered_before_a_cancel_made_elsewhere_and_landing_after_its_webhook_does_not_let_the_user_in()
    {
        var user = await _app.NewCustomerAsync("PRO");
        await WebhooksStoredAsync(user, "newSubscription");
        var hold = _network.Next("customers/get", user);

        var duringRace = Task.Run(() => Access.CheckAsync(user, MeteredFeature.Reports, Cancel), Cancel);
        await hold.Arrived.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        // Canceled straight at Cheddar (as in Cheddar's UI): the app learns it only from the webhook.
        await _app.Services.GetRequiredService<ICheddarCustomers>().CancelAsync(user, Cancel);
        await WebhooksStoredAsync(user, "subscriptionCanceled");
        hold.Release();
        var landed = await duringRace;
        var next = await Access.CheckAsync(user, MeteredFeature.Reports, Cancel);

        Assert.Equal(AccessDenialReason.Canceled, next.DenialReason);
        Assert.Equal(AccessDenialReason.Canceled, landed.DenialReason);
    }

    [Fact]
    public async Task A_read_answered_before_the_apps_own_cancel_and_landing_after_it_does_not_let_the_user_in()
    {
        var user = await _app.NewCustomerAsync("PRO");
        var hold = _network.Next("customers/get", user);

        var duringRace = Task.Run(() => Access.CheckAsync(user, MeteredFeature.Reports, Cancel), Cancel);
        await hold.Arrived.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        var canceled = await new AccountSandbox(_app).AccountService().CancelAsync(user, Cancel);
        hold.Release();
        var landed = await duringRace;
        var next = await Access.CheckAsync(user, MeteredFeature.Reports, Cancel);

        Assert.True(canceled.Succeeded, canceled.Message);
        Assert.Equal(AccessDenialReason.Canceled, next.DenialReason);
        Assert.Equal(AccessDenialReason.Canceled, landed.DenialReason);
    }

    [Fact]
    public async Task A_usage_deliverys_answer_from_before_the_apps_own_cancel_does_not_let_the_user_in()
    {
        var user = await _app.NewCustomerAsync("PRO");
        Assert.True((await Access.CheckAsync(user, MeteredFeature.Reports, Cancel)).Allowed);
        var hold = _network.Next("customers/add-item-quantity", user);

        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 1);
        await hold.Arrived.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        var canceled = await new AccountSandbox(_app).AccountService().CancelAsync(user, Cancel);
        await WebhooksStoredAsync(user, "subscriptionCanceled");
        hold.Release();
        await Eventually.TrueAsync(() => _app.WithDbAsync(db => db.UsageOutbox.AllAsync(u => u.CustomerCode != user || u.State == DemoSaaS.Web.Features.Billing.Metering.UsageState.Delivered, Cancel)),
            TimeSpan.FromSeconds(10), "the relay confirmed the use with the held answer");
        var next = await Access.CheckAsync(user, MeteredFeature.Reports, Cancel);

        Assert.True(canceled.Succeeded, canceled.Message);
        Assert.Equal(AccessDenialReason.Canceled, next.DenialReason);
        Assert.Equal(1, await _app.QuantityAsync(user, "REPORTS"));
    }

    private Task WebhooksStoredAsync(string user, string activityType) =>
        Eventually.TrueAsync(() => _app.WithDbAsync(db => db.BillingEvents.AnyAsync(e => e.CustomerCode == user && e.ActivityType == activityType, Cancel)),
            TimeSpan.FromSeconds(10), $"the {activityType} webhook was stored");
}
