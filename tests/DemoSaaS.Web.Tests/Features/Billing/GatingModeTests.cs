using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Features.Billing;

/// <summary>The Billing:Gating benchmark/diagnostic switch: what each mode asks Cheddar and what it decides.</summary>
public sealed class GatingModeTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<BillingAppFactory> StartAsync(string? gating)
    {
        var settings = new Dictionary<string, string?> { ["Billing:SnapshotTtl"] = "00:10:00" };
        if (gating is not null)
        {
            settings["Billing:Gating"] = gating;
        }
        return await new BillingAppFactory(settings).StartAsync();
    }

    [Fact]
    public async Task Snapshot_is_the_default_and_does_not_ask_cheddar_on_every_check()
    {
        await using var app = await StartAsync(gating: null);
        var user = await app.NewCustomerAsync("FREE");
        var access = app.Services.GetRequiredService<IFeatureAccess>();

        Assert.True((await access.CheckAsync(user, MeteredFeature.Reports, Cancel)).Allowed);
        var before = app.CheddarCalls.Count("customers/get");
        var decisions = new List<AccessDecision>();
        for (var i = 0; i < 10; i++)
        {
            decisions.Add(await access.CheckAsync(user, MeteredFeature.Reports, Cancel));
        }

        Assert.All(decisions, d => Assert.True(d.Allowed));
        // At most one refresh: the sandbox's newSubscription webhook may invalidate the snapshot meanwhile.
        Assert.InRange(app.CheddarCalls.Count("customers/get") - before, 0, 1);
    }

    [Fact]
    public async Task Naive_gating_asks_cheddar_on_every_check_and_decides_like_the_snapshot_gate()
    {
        await using var app = await StartAsync("Naive");
        var free = await app.NewCustomerAsync("FREE");
        var access = app.Services.GetRequiredService<IFeatureAccess>();
        // The signup's newSubscription webhook first: landing during a check, it supersedes that check's read, which is
        // then asked again (by design, so an older answer never wins), and the count below would be one more.
        await Eventually.TrueAsync(() => app.WithDbAsync(db => db.BillingEvents.AnyAsync(e => e.CustomerCode == free, Cancel)),
            TimeSpan.FromSeconds(30), "the signup's webhook stored");
        var before = app.CheddarCalls.Count("customers/get");

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await access.CheckAsync(free, MeteredFeature.Reports, Cancel)).Allowed);
        }
        var exportsOnFree = await access.CheckAsync(free, MeteredFeature.Exports, Cancel);

        Assert.Equal(4, app.CheddarCalls.Count("customers/get") - before);
        Assert.False(exportsOnFree.Allowed);
        Assert.Equal(AccessDenialReason.NotInPlan, exportsOnFree.DenialReason);
    }

    [Fact]
    public async Task Gating_off_allows_everything_without_asking_cheddar()
    {
        await using var app = await StartAsync("Off");
        var free = await app.NewCustomerAsync("FREE");
        var access = app.Services.GetRequiredService<IFeatureAccess>();

        var exportsOnFree = await access.CheckAsync(free, MeteredFeature.Exports, Cancel);
        var unknownUser = await access.CheckAsync(Guid.NewGuid().ToString(), MeteredFeature.Reports, Cancel);

        Assert.True(exportsOnFree.Allowed);
        Assert.True(unknownUser.Allowed);
        Assert.Equal(0, app.CheddarCalls.Count("customers/get"));
    }

    [Fact]
    public async Task An_unknown_gating_mode_stops_the_app_at_start()
    {
        var app = new BillingAppFactory(new Dictionary<string, string?> { ["Billing:Gating"] = "Sometimes" });
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(app.StartAsync);
            Assert.Contains("Gating", error.ToString());
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
