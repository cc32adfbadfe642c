using DemoSaaS.Web.Features.Pricing;
using DemoSaaS.Web.Features.Signup;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DemoSaaS.Web.Tests.Features.Signup;

/// <summary>Signup's plan cards say what each plan costs and includes, read from the sandbox's plans like the pricing table.</summary>
public sealed class SignupPlanSummaryTests : BunitContext, IClassFixture<SandboxFixture>
{
    public SignupPlanSummaryTests(SandboxFixture sandbox)
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        sandbox.AddCheddarClient(Services);
        Services.AddMemoryCache();
        Services.AddScoped<PlanCatalog>();
    }

    [Fact]
    public void Pro_shows_its_price_trial_included_units_and_that_a_card_is_required()
    {
        var cut = Render<SignupPlanSummary>(p => p.Add(s => s.PlanCode, "PRO").Add(s => s.IsPaid, true));

        cut.WaitForAssertion(() => Assert.Equal("$19 / month", cut.Find("[data-testid=signup-plan-price]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("14-day free trial", cut.Find("[data-testid=signup-plan-trial]").TextContent);
        Assert.Equal(["500 reports a month, then $0.05 each", "100 exports a month, then $0.10 each"], cut.FindAll("[data-testid=signup-plan-item]").Select(i => i.TextContent));
        Assert.Contains("Card required", cut.Markup);
    }

    [Fact]
    public void Free_shows_free_its_included_reports_and_no_trial()
    {
        var cut = Render<SignupPlanSummary>(p => p.Add(s => s.PlanCode, "FREE").Add(s => s.IsPaid, false));

        cut.WaitForAssertion(() => Assert.Equal("Free", cut.Find("[data-testid=signup-plan-price]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=signup-plan-trial]"));
        Assert.Equal(["20 reports a month"], cut.FindAll("[data-testid=signup-plan-item]").Select(i => i.TextContent));
        Assert.Contains("No card needed", cut.Markup);
    }

    [Fact]
    public void Team_is_charged_at_once_so_it_shows_no_trial()
    {
        var cut = Render<SignupPlanSummary>(p => p.Add(s => s.PlanCode, "TEAM").Add(s => s.IsPaid, true));

        cut.WaitForAssertion(() => Assert.Equal("$49 / month", cut.Find("[data-testid=signup-plan-price]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=signup-plan-trial]"));
    }
}
