using DemoSaaS.Cheddar.Tests.Sandbox;

namespace DemoSaaS.Cheddar.Tests.Api;

public sealed class TrackedItemsClientTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ICheddarTrackedItems Items => sandbox.TrackedItems;

    [Fact]
    public async Task Add_remove_and_set_change_usage_as_documented()
    {
        var code = (await sandbox.Customers.CreateAsync(Signups.Paid(Signups.NewCode("usage")), Ct)).Code;

        var afterAdd = await Items.AddQuantityAsync(code, "REPORTS", cancellationToken: Ct);
        Assert.Equal(1m, afterAdd.CurrentSubscription!.FindUsage("REPORTS")!.Used);

        var afterAddMore = await Items.AddQuantityAsync(code, "REPORTS", 2.5m, Ct);
        Assert.Equal(3.5m, afterAddMore.CurrentSubscription!.FindUsage("REPORTS")!.Used);

        var afterRemove = await Items.RemoveQuantityAsync(code, "REPORTS", 0.5m, Ct);
        Assert.Equal(3m, afterRemove.CurrentSubscription!.FindUsage("REPORTS")!.Used);

        var afterSet = await Items.SetQuantityAsync(code, "EXPORTS", 120, cancellationToken: Ct);
        var exports = afterSet.CurrentSubscription!.FindUsage("EXPORTS")!;
        Assert.Equal((120m, 20m, 2.00m), (exports.Used, exports.OverageQuantity, exports.OverageCost));
    }

    [Fact]
    public async Task Usage_beyond_what_a_plan_without_overage_includes_is_refused_on_quantity()
    {
        var code = (await sandbox.Customers.CreateAsync(Signups.Free(Signups.NewCode("freecap")), Ct)).Code;
        await Items.SetQuantityAsync(code, "REPORTS", 20, cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<CheddarException>(() => Items.AddQuantityAsync(code, "REPORTS", cancellationToken: Ct));

        Assert.True(error.IsValidation);
        Assert.Equal("quantity", error.FieldName);
        Assert.Equal(20m, (await sandbox.Customers.GetAsync(code, Ct)).CurrentSubscription!.FindUsage("REPORTS")!.Used);
    }

    [Fact]
    public async Task An_item_the_plan_does_not_track_is_not_found()
    {
        var code = (await sandbox.Customers.CreateAsync(Signups.Free(Signups.NewCode("noitem")), Ct)).Code;

        var error = await Assert.ThrowsAsync<CheddarException>(() => Items.AddQuantityAsync(code, "WIDGETS", cancellationToken: Ct));

        Assert.True(error.IsNotFound);
        Assert.Contains("WIDGETS", error.CheddarMessage);
    }

    [Fact]
    public async Task Usage_for_an_unknown_customer_is_not_found()
    {
        var error = await Assert.ThrowsAsync<CheddarException>(() => Items.SetQuantityAsync("nobody-" + Guid.NewGuid(), "REPORTS", 1, cancellationToken: Ct));

        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task Negative_quantities_are_refused_before_any_call()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Items.SetQuantityAsync("someone", "REPORTS", -1, cancellationToken: Ct));
    }
}
