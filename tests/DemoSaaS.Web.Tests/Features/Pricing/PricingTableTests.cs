using DemoSaaS.Web.Features.Pricing;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DemoSaaS.Web.Tests.Features.Pricing;

public sealed class PricingTableTests : BunitContext
{
    private static readonly PricingPlan[] Plans =
    [
        new() { Code = "FREE", Name = "Free", Price = 0, IsFree = true, Items = [Item("REPORTS", "Reports", 20, 0)] },
        new() { Code = "PRO", Name = "Pro", Price = 19, IsFree = false, TrialDays = 14, Items = [Item("REPORTS", "Reports", 500, 0.05m), Item("EXPORTS", "Exports", 100, 0.10m)] },
        new() { Code = "TEAM", Name = "Team", Price = 49, IsFree = false, Items = [Item("REPORTS", "Reports", 5000, 0.05m), Item("EXPORTS", "Exports", 1000, 0.10m)] },
    ];

    public PricingTableTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Each_plan_shows_its_price_what_it_includes_and_a_signup_link_for_it()
    {
        var cut = Render<PricingTable>(p => p.Add(t => t.Plans, Plans));

        var plans = cut.FindAll("[data-testid=plan]");
        Assert.Equal(3, plans.Count);
        Assert.Equal("Free", plans[0].QuerySelector("[data-testid=plan-price]")!.TextContent.Trim());
        Assert.Equal("$19 / month", plans[1].QuerySelector("[data-testid=plan-price]")!.TextContent.Trim());
        Assert.Equal(["500 reports a month, then $0.05 each", "100 exports a month, then $0.10 each"],
            plans[1].QuerySelectorAll("[data-testid=plan-item]").Select(i => i.TextContent));
        Assert.Equal("14-day free trial", plans[1].QuerySelector("[data-testid=plan-trial]")!.TextContent.Trim());
        Assert.Equal("No exports", plans[0].QuerySelector("[data-testid=plan-item-missing]")!.TextContent);
        Assert.Equal("20 reports a month", plans[0].QuerySelector("[data-testid=plan-item]")!.TextContent);
        Assert.Equal("signup?plan=TEAM", plans[2].QuerySelector("a[data-testid=plan-cta]")!.GetAttribute("href"));
    }

    [Fact]
    public void When_billing_is_unreachable_a_notice_replaces_the_table()
    {
        var cut = Render<PricingTable>(p => p.Add(t => t.Plans, null));

        Assert.Contains("cannot be shown right now", cut.Find("[data-testid=pricing-unavailable]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=plan]"));
    }

    private static PricingPlanItem Item(string code, string name, decimal included, decimal overage) =>
        new() { Code = code, Name = name, Included = included, IsUnlimited = false, OveragePrice = overage };
}
