using DemoSaaS.Cheddar.Tests.Sandbox;

namespace DemoSaaS.Cheddar.Tests.Api;

public sealed class PlansClientTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pricing_table_lists_the_catalog_with_prices_trial_and_included_items()
    {
        var plans = await sandbox.Plans.GetAllAsync(Ct);

        Assert.Equal(["FREE", "PRO", "TEAM"], plans.Select(p => p.Code).Order());
        var free = plans.Single(p => p.Code == "FREE");
        Assert.True(free.IsFree);
        Assert.Equal(20m, free.FindItem("REPORTS")!.QuantityIncluded);
        Assert.Null(free.FindItem("EXPORTS"));
        var pro = plans.Single(p => p.Code == "PRO");
        Assert.Equal(19.00m, pro.RecurringChargeAmount);
        Assert.Equal((500m, 0.05m), (pro.FindItem("REPORTS")!.QuantityIncluded, pro.FindItem("REPORTS")!.OverageAmount));
        Assert.Equal((100m, 0.10m), (pro.FindItem("EXPORTS")!.QuantityIncluded, pro.FindItem("EXPORTS")!.OverageAmount));
        var team = plans.Single(p => p.Code == "TEAM");
        Assert.Equal((49.00m, 5000m, 1000m), (team.RecurringChargeAmount, team.FindItem("REPORTS")!.QuantityIncluded, team.FindItem("EXPORTS")!.QuantityIncluded));
    }

    [Fact]
    public async Task One_plan_by_code_carries_its_14_day_trial()
    {
        var pro = await sandbox.Plans.GetAsync("PRO", Ct);

        Assert.Equal("PRO", pro.Code);
        Assert.False(pro.IsFree);
        Assert.True(pro.TrialDays == 14 || (pro.InitialBillCount, pro.InitialBillCountUnit) == (14, "days"));
    }

    [Fact]
    public async Task One_plan_by_id_is_the_same_plan()
    {
        var team = await sandbox.Plans.GetAsync("TEAM", Ct);

        var byId = await sandbox.Plans.GetByIdAsync(team.Id, Ct);

        Assert.Equal((team.Code, team.RecurringChargeAmount), (byId.Code, byId.RecurringChargeAmount));
        Assert.Equal(team.Items.Select(i => i.Code), byId.Items.Select(i => i.Code));
    }

    [Fact]
    public async Task An_unknown_plan_is_not_found()
    {
        var error = await Assert.ThrowsAsync<CheddarException>(() => sandbox.Plans.GetAsync("NO SUCH/PLAN", Ct));

        Assert.True(error.IsNotFound);
        Assert.Contains("NO SUCH/PLAN", error.CheddarMessage);
        Assert.NotNull(error.ErrorId);
    }
}
