using DemoSaaS.Cheddar;
using DemoSaaS.Web.Features.Billing.Metering;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Features.Billing;

/// <summary>Uses recorded in the app reach the sandbox exactly once, coalesced, also through faults and restarts.</summary>
public sealed class MeteringTests : IAsyncLifetime
{
    private BillingAppFactory _app = default!;

    public async ValueTask InitializeAsync() => _app = await new BillingAppFactory().StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Fifty_concurrent_uses_raise_the_Cheddar_quantity_by_exactly_fifty_in_a_few_calls()
    {
        var user = await _app.NewCustomerAsync("PRO");

        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 50);

        await Eventually.TrueAsync(async () => await _app.QuantityAsync(user, "REPORTS") == 50, TimeSpan.FromSeconds(20), "Cheddar shows 50 reports");
        await Eventually.TrueAsync(() => AllDeliveredAsync(user), TimeSpan.FromSeconds(5), "every outbox row is marked delivered");
        // Coalesced: a handful of calls for 50 uses. How many flushes the 50 writes straddle depends on scheduling
        // (5 on a quiet box, 7 seen on a loaded 2-core CI run); one call per use would be 50.
        Assert.InRange(_app.CheddarCalls.Count("customers/add-item-quantity"), 1, 10);
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        Assert.Equal(50, await _app.QuantityAsync(user, "REPORTS"));
    }

    [Theory]
    [InlineData("{\"path\":\"customers/add-item-quantity\",\"kind\":\"applyThenFail\",\"status\":500,\"count\":1}")]
    [InlineData("{\"path\":\"customers/add-item-quantity\",\"kind\":\"applyThenFail\",\"drop\":true,\"count\":1}")]
    [InlineData("{\"path\":\"customers/add-item-quantity\",\"kind\":\"status\",\"status\":503,\"count\":2}")]
    [InlineData("{\"path\":\"customers/add-item-quantity\",\"kind\":\"hang\",\"hangMs\":2000,\"count\":1}")]
    public async Task A_delivery_whose_outcome_is_unknown_is_counted_exactly_once(string fault)
    {
        var user = await _app.NewCustomerAsync("PRO");
        await _app.AddFaultAsync(fault);

        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Exports, 10);

        await Eventually.TrueAsync(() => AllDeliveredAsync(user), TimeSpan.FromSeconds(45), "every outbox row is marked delivered");
        Assert.Equal(10, await _app.QuantityAsync(user, "EXPORTS"));
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Exports, 3);
        await Eventually.TrueAsync(() => AllDeliveredAsync(user), TimeSpan.FromSeconds(10), "the later uses are delivered");
        Assert.Equal(13, await _app.QuantityAsync(user, "EXPORTS"));
    }

    [Fact]
    public async Task A_use_Cheddar_refuses_is_parked_for_an_operator_and_keeps_counting()
    {
        var user = await _app.NewCustomerAsync("FREE");

        // FREE has no EXPORTS item: Cheddar answers 404 "Item not found", which is not "customer not found".
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Exports, 1);

        await Eventually.TrueAsync(() => _app.WithDbAsync(db => db.UsageOutbox.AnyAsync(u => u.CustomerCode == user && u.State == UsageState.Parked, TestContext.Current.CancellationToken)),
            TimeSpan.FromSeconds(10), "the use is parked");
        var row = await _app.WithDbAsync(db => db.UsageOutbox.SingleAsync(u => u.CustomerCode == user, TestContext.Current.CancellationToken));
        Assert.Contains("not found", row.Reason, StringComparison.OrdinalIgnoreCase);
        var batch = await _app.WithDbAsync(db => db.UsageBatches.SingleAsync(b => b.CustomerCode == user, TestContext.Current.CancellationToken));
        Assert.Equal(UsageBatchState.Parked, batch.State);
        var adds = _app.CheddarCalls.Count("customers/add-item-quantity");
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        Assert.Equal(adds, _app.CheddarCalls.Count("customers/add-item-quantity"));
    }

    [Fact]
    public async Task Uses_that_raced_past_the_free_limit_are_refused_one_by_one_and_the_rest_are_delivered()
    {
        var user = await _app.NewCustomerAsync("FREE");
        await _app.Services.GetRequiredService<ICheddarTrackedItems>().SetQuantityAsync(user, "REPORTS", 17, cancellationToken: TestContext.Current.CancellationToken);

        // Five uses recorded at once, as if five pages had all passed gating at 17 of 20.
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 5);

        await Eventually.TrueAsync(() => _app.WithDbAsync(async db => !await db.UsageOutbox.AnyAsync(
                u => u.CustomerCode == user && (u.State == UsageState.Pending || u.State == UsageState.Claimed), TestContext.Current.CancellationToken)),
            TimeSpan.FromSeconds(15), "every use is delivered or decided");
        Assert.Equal(20, await _app.QuantityAsync(user, "REPORTS"));
        Assert.Equal(3, await _app.WithDbAsync(db => db.UsageOutbox.CountAsync(u => u.CustomerCode == user && u.State == UsageState.Delivered, TestContext.Current.CancellationToken)));
        // FREE has no overage price: the two beyond the limit can never be billed, and are forgiven by that documented rule.
        Assert.Equal(2, await _app.WithDbAsync(db => db.UsageOutbox.CountAsync(
            u => u.CustomerCode == user && u.State == UsageState.Forgiven && u.Reason!.Contains("no overage price"), TestContext.Current.CancellationToken)));
    }

    private Task<bool> AllDeliveredAsync(string user) =>
        _app.WithDbAsync(async db => await db.UsageOutbox.CountAsync(u => u.CustomerCode == user, TestContext.Current.CancellationToken) > 0
            && !await db.UsageOutbox.AnyAsync(u => u.CustomerCode == user && u.State != UsageState.Delivered, TestContext.Current.CancellationToken));
}
