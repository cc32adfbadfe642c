using System.Security.Claims;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Features.Billing.Gating;
using DemoSaaS.Web.Features.Reports;
using DemoSaaS.Web.Infrastructure.Coordination;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DemoSaaS.Web.Tests.Features.Reports;

public sealed class ReportDetailsPageTests : BunitContext
{
    private readonly ReportsDatabase _database = new();
    private readonly ScriptedFeatureAccess _access = new();
    private readonly string _userId;

    public ReportDetailsPageTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<IDbContextFactory<ApplicationDbContext>>(_database);
        Services.AddSingleton<IFeatureAccess>(_access);
        Services.AddSingleton<IUsageMeter>(new RecordingUsageMeter());
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<IQuotaLock>(new DistributedQuotaLock(new InProcessDistributedLockProvider()));
        Services.AddScoped<ReportService>();
        _userId = _database.AddUser("reader@example.com");
        var auth = AddAuthorization();
        auth.SetAuthorized("reader@example.com");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, _userId));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public async Task A_report_shows_its_statistics_and_a_download_button_on_a_plan_with_exports()
    {
        var id = await GenerateAsync("a,b\n1,2\n3,4\n");

        var cut = Render<ReportDetailsPage>(p => p.Add(page => page.Id, id));

        cut.WaitForAssertion(() => Assert.Equal("Sales", cut.Find("[data-testid=report-heading]").TextContent));
        Assert.Equal("2", cut.Find("[data-testid=row-count]").TextContent);
        Assert.False(cut.Find("button[data-testid=export]").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=access-denied]"));
    }

    [Fact]
    public async Task Without_exports_in_the_plan_the_download_is_disabled_and_the_upgrade_prompt_shown()
    {
        var id = await GenerateAsync("a,b\n1,2\n");
        _access.Set(MeteredFeature.Exports, ScriptedFeatureAccess.Denied(AccessDenialReason.NotInPlan));

        var cut = Render<ReportDetailsPage>(p => p.Add(page => page.Id, id));

        cut.WaitForAssertion(() => Assert.True(cut.Find("button[data-testid=export]").HasAttribute("disabled")));
        Assert.Contains("They come with PRO and TEAM", cut.Find("[data-testid=access-message]").TextContent);
        Assert.Equal("/account", cut.Find("a[data-testid=upgrade-link]").GetAttribute("href"));
    }

    [Fact]
    public void An_unknown_report_says_so()
    {
        var cut = Render<ReportDetailsPage>(p => p.Add(page => page.Id, Guid.NewGuid()));

        cut.WaitForAssertion(() => Assert.Equal("Report not found", cut.Find("h1").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=export]"));
    }

    private async Task<Guid> GenerateAsync(string csv)
    {
        var service = Services.GetRequiredService<ReportService>();
        var outcome = await service.GenerateAsync(_userId, new ReportRequest { Title = "Sales", Kind = ReportSourceKind.Csv, Data = csv }, TestContext.Current.CancellationToken);
        return outcome.Report!.Id;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }
}
