using DemoSaaS.Web.Features.Access;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DemoSaaS.Web.Tests.Features.Access;

public sealed class FeatureAccessNoticeTests : BunitContext
{
    public FeatureAccessNoticeTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private IRenderedComponent<FeatureAccessNotice> RenderNotice(AccessDecision? decision, string feature = "reports") =>
        Render<FeatureAccessNotice>(p => p.Add(n => n.Decision, decision).Add(n => n.FeatureName, feature));

    [Fact]
    public void Free_plan_at_its_quota_shows_an_upgrade_prompt_linking_to_the_account_page()
    {
        var cut = RenderNotice(ScriptedFeatureAccess.Denied(AccessDenialReason.QuotaReached));

        Assert.Contains("You have used all 10 reports included in your plan", cut.Find("[data-testid=access-message]").TextContent);
        var link = cut.Find("a[data-testid=upgrade-link]");
        Assert.Equal("/account", link.GetAttribute("href"));
        Assert.Contains("Upgrade your plan", link.TextContent);
    }

    [Fact]
    public void Exports_outside_the_plan_say_which_plans_include_them()
    {
        var cut = RenderNotice(ScriptedFeatureAccess.Denied(AccessDenialReason.NotInPlan), "exports");

        Assert.Contains("Exports are not part of your plan. They come with PRO and TEAM.", cut.Find("[data-testid=access-message]").TextContent);
        Assert.Equal("/account", cut.Find("a[data-testid=upgrade-link]").GetAttribute("href"));
    }

    [Fact]
    public void The_billing_message_is_shown_as_given()
    {
        var cut = RenderNotice(ScriptedFeatureAccess.Denied(AccessDenialReason.Canceled, "Your subscription was canceled on 2026-11-20."));
        Assert.Equal("Your subscription was canceled on 2026-11-20.", cut.Find("[data-testid=access-message]").TextContent);
        Assert.Contains("Go to your account", cut.Find("[data-testid=upgrade-link]").TextContent);
    }

    [Fact]
    public void Billing_unavailable_explains_itself_without_an_upgrade_link_or_an_error_page()
    {
        var cut = RenderNotice(ScriptedFeatureAccess.Denied(AccessDenialReason.BillingUnavailable));

        Assert.Contains("cannot reach our billing provider", cut.Find("[data-testid=access-message]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=upgrade-link]"));
    }

    [Fact]
    public void Paid_plan_past_its_included_quantity_shows_an_overage_chip_usage_and_the_as_of_time()
    {
        var cut = RenderNotice(ScriptedFeatureAccess.Allowed("PRO", used: 120, included: 100, overage: true));

        Assert.Contains("Overage", cut.Find("[data-testid=overage-chip]").TextContent);
        Assert.Contains("120 of 100 reports", cut.Find("[data-testid=usage]").TextContent);
        Assert.Contains("Plan: PRO", cut.Find("[data-testid=plan-chip]").TextContent);
        Assert.Contains("2026-11-26 18:30:05 UTC", cut.Find("[data-testid=as-of]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=access-denied]"));
    }

    [Fact]
    public void Within_quota_there_is_no_overage_chip()
    {
        var cut = RenderNotice(ScriptedFeatureAccess.Allowed("FREE", used: 3, included: 10));
        Assert.Empty(cut.FindAll("[data-testid=overage-chip]"));
        Assert.Contains("3 of 10 reports", cut.Find("[data-testid=usage]").TextContent);
    }

    [Fact]
    public void A_stale_snapshot_says_that_billing_could_not_be_reached()
    {
        var cut = RenderNotice(ScriptedFeatureAccess.Allowed("PRO", 1, 100) with { IsStale = true });
        Assert.Contains("Cheddar could not be reached", cut.Find("[data-testid=stale]").TextContent);
    }

    [Fact]
    public void While_the_decision_loads_a_progress_bar_is_shown()
    {
        var cut = RenderNotice(null);
        Assert.NotEmpty(cut.FindAll(".mud-progress-linear"));
    }
}
