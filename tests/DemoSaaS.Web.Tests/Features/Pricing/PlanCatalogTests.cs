using DemoSaaS.Web.Features.Pricing;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Features.Pricing;

public sealed class PlanCatalogTests
{
    [Fact]
    public async Task Plans_come_from_cheddar_cheapest_first_with_their_tracked_items()
    {
        await using var sandbox = new SandboxFixture();
        await sandbox.InitializeAsync();
        await using var services = Services(sandbox);

        var plans = await services.GetRequiredService<PlanCatalog>().GetAsync(TestContext.Current.CancellationToken);

        Assert.NotNull(plans);
        Assert.Equal(["FREE", "PRO", "TEAM"], plans.Select(p => p.Code));
        Assert.Equal((19m, false, 14), (plans[1].Price, plans[1].IsFree, plans[1].TrialDays));
        Assert.Equal(["REPORTS", "EXPORTS"], plans[1].Items.Select(i => i.Code));
        Assert.True(plans[0].IsFree);
    }

    [Fact]
    public async Task Plans_are_cached_and_still_shown_when_cheddar_goes_away()
    {
        var sandbox = new SandboxFixture();
        await sandbox.InitializeAsync();
        await using var services = Services(sandbox);
        var first = await services.GetRequiredService<PlanCatalog>().GetAsync(TestContext.Current.CancellationToken);

        await sandbox.DisposeAsync();
        using var scope = services.CreateScope();
        var second = await scope.ServiceProvider.GetRequiredService<PlanCatalog>().GetAsync(TestContext.Current.CancellationToken);

        Assert.Same(first, second);
    }

    [Fact]
    public async Task When_cheddar_was_never_reachable_there_are_no_plans_rather_than_an_error()
    {
        var sandbox = new SandboxFixture();
        await using var services = Services(sandbox, new Uri("http://127.0.0.1:9/"));

        var plans = await services.GetRequiredService<PlanCatalog>().GetAsync(TestContext.Current.CancellationToken);

        Assert.Null(plans);
    }

    private static ServiceProvider Services(SandboxFixture sandbox, Uri? baseUrl = null)
    {
        var services = new ServiceCollection();
        sandbox.AddCheddarClient(services, baseUrl);
        services.AddMemoryCache();
        services.AddScoped<PlanCatalog>();
        return services.BuildServiceProvider();
    }
}
