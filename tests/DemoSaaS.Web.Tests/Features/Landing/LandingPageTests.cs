using DemoSaaS.Web.Features.Landing;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DemoSaaS.Web.Tests.Features.Landing;

public sealed class LandingPageTests : BunitContext, IClassFixture<SandboxFixture>
{
    public LandingPageTests(SandboxFixture sandbox)
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        sandbox.AddCheddarClient(Services);
        Services.AddMemoryCache();
        Services.AddScoped<DemoSaaS.Web.Features.Pricing.PlanCatalog>();
    }

    [Fact]
    public void Landing_shows_the_product_its_plans_from_cheddar_and_a_live_connection_once_interactive()
    {
        var cut = Render<LandingPage>();

        Assert.Contains("Awesome Reports", cut.Find("h1").TextContent);
        cut.WaitForAssertion(() => Assert.Equal(["FREE", "PRO", "TEAM"], cut.FindAll("[data-testid=plan]").Select(p => p.GetAttribute("data-plan"))), TimeSpan.FromSeconds(10));
        Assert.Equal("Live connection", cut.Find("[data-testid=circuit-status]").TextContent);
    }
}
