using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Features.Billing;

/// <summary>When Cheddar is unreachable, gating serves the last snapshot for a bounded time, then fails closed.</summary>
public sealed class BillingUnavailableTests
{
    [Fact]
    public async Task Cheddar_down_serves_the_last_snapshot_marked_stale_then_fails_closed_with_a_clear_message()
    {
        await using var app = await new BillingAppFactory(new Dictionary<string, string?>
        {
            ["Billing:SnapshotTtl"] = "00:00:00.200",
            ["Billing:MaxSnapshotStaleness"] = "00:00:03",
            ["Billing:SnapshotRetryPause"] = "00:00:00",
            ["Billing:SnapshotFetchTimeout"] = "00:00:01",
            ["Cheddar:MaxRetryAttempts"] = "0",
        }).StartAsync();
        var access = app.Services.GetRequiredService<IFeatureAccess>();
        var cancel = TestContext.Current.CancellationToken;
        var user = await app.NewCustomerAsync("PRO");
        var fresh = await access.CheckAsync(user, MeteredFeature.Reports, cancel);
        Assert.True(fresh.Allowed);
        Assert.False(fresh.IsStale);

        await app.AddFaultAsync("{\"path\":\"customers/get\",\"kind\":\"status\",\"status\":503}");
        await Task.Delay(300, cancel);
        var stale = await access.CheckAsync(user, MeteredFeature.Reports, cancel);
        await Task.Delay(3200, cancel);
        var closed = await access.CheckAsync(user, MeteredFeature.Reports, cancel);
        await app.ClearFaultsAsync();
        var recovered = await access.CheckAsync(user, MeteredFeature.Reports, cancel);

        Assert.True(stale.Allowed);
        Assert.True(stale.IsStale);
        Assert.Equal(fresh.AsOf, stale.AsOf);
        Assert.False(closed.Allowed);
        Assert.Equal(AccessDenialReason.BillingUnavailable, closed.DenialReason);
        Assert.Contains("billing", closed.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(recovered.Allowed);
        Assert.False(recovered.IsStale);
    }

    [Theory]
    [InlineData(412)]
    [InlineData(400)]
    [InlineData(404)]
    public async Task An_unexpected_refusal_of_customers_get_fails_closed_with_a_message_instead_of_an_error(int status)
    {
        await using var app = await new BillingAppFactory(new Dictionary<string, string?>
        {
            ["Cheddar:MaxRetryAttempts"] = "0",
        }).StartAsync();
        var access = app.Services.GetRequiredService<IFeatureAccess>();
        var cancel = TestContext.Current.CancellationToken;
        var user = await app.NewCustomerAsync("PRO");
        // A customer the app holds no snapshot of: the view must read Cheddar, which refuses.
        await app.AddFaultAsync($"{{\"path\":\"customers/get\",\"kind\":\"status\",\"status\":{status}}}");

        var decision = await access.CheckAsync(Guid.NewGuid().ToString("N"), MeteredFeature.Reports, cancel);
        await app.ClearFaultsAsync();

        Assert.False(decision.Allowed);
        Assert.Equal(AccessDenialReason.BillingUnavailable, decision.DenialReason);
        Assert.Contains("billing", decision.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True((await access.CheckAsync(user, MeteredFeature.Reports, cancel)).Allowed);
    }
}
