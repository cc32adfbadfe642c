using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Tests.Sandbox;

namespace DemoSaaS.Cheddar.Tests.Api;

public sealed class PromotionsClientTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task All_promotions_include_launch20()
    {
        var promotions = await sandbox.Promotions.GetAllAsync(Ct);

        Assert.Contains(promotions, p => p.Coupons.Any(c => c.Code == "LAUNCH20"));
    }

    [Fact]
    public async Task Launch20_gives_20_percent_for_3_months()
    {
        var launch = await sandbox.Promotions.GetByCouponCodeAsync("LAUNCH20", Ct);

        var incentive = Assert.Single(launch.Incentives);
        Assert.Equal((Incentive.PercentageType, 20m, 3), (incentive.Type, incentive.Percentage, incentive.Months));
        Assert.Equal(launch.Coupons.Select(c => c.Code), (await sandbox.Promotions.GetByIdAsync(launch.Id, Ct)).Coupons.Select(c => c.Code));
    }

    [Fact]
    public async Task An_unknown_coupon_is_not_found()
    {
        var error = await Assert.ThrowsAsync<CheddarException>(() => sandbox.Promotions.GetByCouponCodeAsync("NOPE99", Ct));

        Assert.True(error.IsNotFound);
    }
}
