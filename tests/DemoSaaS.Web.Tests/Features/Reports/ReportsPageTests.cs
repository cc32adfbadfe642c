using System.Security.Claims;
using System.Text;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Features.Billing.Gating;
using DemoSaaS.Web.Features.Reports;
using DemoSaaS.Web.Infrastructure.Coordination;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DemoSaaS.Web.Tests.Features.Reports;

public sealed class ReportsPageTests : BunitContext
{
    private readonly ReportsDatabase _database = new();
    private readonly ScriptedFeatureAccess _access = new();
    private readonly RecordingUsageMeter _meter = new();
    private readonly string _userId;

    public ReportsPageTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<IDbContextFactory<ApplicationDbContext>>(_database);
        Services.AddSingleton<IFeatureAccess>(_access);
        Services.AddSingleton<IUsageMeter>(_meter);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<IQuotaLock>(new DistributedQuotaLock(new InProcessDistributedLockProvider()));
        Services.AddScoped<ReportService>();
        _userId = _database.AddUser("alice@example.com");
        var auth = AddAuthorization();
        auth.SetAuthorized("alice@example.com");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, _userId));
        // The page keeps its form disabled until it runs on a live circuit.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void Pasting_text_makes_a_report_saved_with_its_usage_in_one_unit_of_work_and_opens_it()
    {
        var cut = Render<ReportsPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=no-reports]")));

        cut.Find("textarea#report-text").Change("Cheddar bills. Cheddar meters. Reports report.");
        cut.Find("input#report-title").Change("My first report");
        cut.Find("button[data-testid=generate]").Click();

        using var db = _database.CreateDbContext();
        var report = Assert.Single(db.Reports);
        Assert.Equal(("My first report", "text", _userId), (report.Title, report.SourceKind, report.UserId));
        var use = Assert.Single(_meter.Uses);
        Assert.Equal(new RecordingUsageMeter.RecordedUse(_userId, MeteredFeature.Reports, 1, PendingReportsInSameUnitOfWork: 1), use);
        Assert.EndsWith($"/reports/{report.Id}", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void Empty_text_shows_a_clear_error_and_saves_nothing()
    {
        var cut = Render<ReportsPage>();
        cut.WaitForAssertion(() => Assert.False(cut.Find("button[data-testid=generate]").HasAttribute("disabled")));

        cut.Find("button[data-testid=generate]").Click();

        Assert.Contains("Paste some text first", cut.Find("[data-testid=report-error]").TextContent);
        using var db = _database.CreateDbContext();
        Assert.Empty(db.Reports);
        Assert.Empty(_meter.Uses);
    }

    [Fact]
    public void At_the_free_quota_the_form_is_disabled_and_an_upgrade_prompt_is_shown()
    {
        _access.Set(MeteredFeature.Reports, ScriptedFeatureAccess.Denied(AccessDenialReason.QuotaReached));

        var cut = Render<ReportsPage>();

        cut.WaitForAssertion(() => Assert.Equal("/account", cut.Find("a[data-testid=upgrade-link]").GetAttribute("href")));
        Assert.True(cut.Find("button[data-testid=generate]").HasAttribute("disabled"));
    }

    [Fact]
    public void When_the_quota_runs_out_between_view_and_submit_nothing_is_saved_and_the_prompt_appears()
    {
        var cut = Render<ReportsPage>();
        cut.WaitForAssertion(() => Assert.False(cut.Find("button[data-testid=generate]").HasAttribute("disabled")));
        _access.Set(MeteredFeature.Reports, ScriptedFeatureAccess.Denied(AccessDenialReason.QuotaReached));

        cut.Find("textarea#report-text").Change("some words here");
        cut.Find("button[data-testid=generate]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=upgrade-link]")));
        using var db = _database.CreateDbContext();
        Assert.Empty(db.Reports);
        Assert.Empty(_meter.Uses);
    }

    [Fact]
    public void Uploading_a_csv_makes_a_csv_report_named_after_the_file()
    {
        var cut = Render<ReportsPage>();
        cut.WaitForAssertion(() => Assert.False(cut.Find("button[data-testid=generate]").HasAttribute("disabled")));
        cut.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Upload CSV")).Click();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("region,amount\nnorth,3\nsouth,4\n", "q4-sales.csv"));
        cut.WaitForAssertion(() => Assert.Equal("q4-sales.csv", cut.Find("[data-testid=file-name]").TextContent));
        cut.Find("button[data-testid=generate]").Click();

        using var db = _database.CreateDbContext();
        var report = Assert.Single(db.Reports);
        Assert.Equal(("q4-sales", "csv", 2, 2), (report.Title, report.SourceKind, report.RowCount, report.ColumnCount));
    }

    [Fact]
    public void Uploading_a_file_that_is_not_utf8_text_is_refused_before_anything_is_saved()
    {
        var cut = Render<ReportsPage>();
        cut.WaitForAssertion(() => Assert.False(cut.Find("button[data-testid=generate]").HasAttribute("disabled")));
        cut.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Upload CSV")).Click();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary([0xFF, 0xFE, 0x00, 0xD8, 0x41], "latin.csv"));
        cut.WaitForAssertion(() => Assert.Contains("latin.csv is not UTF-8 text", cut.Find("[data-testid=report-error]").TextContent));
        cut.Find("button[data-testid=generate]").Click();

        using var db = _database.CreateDbContext();
        Assert.Empty(db.Reports);
    }

    [Fact]
    public void Uploading_a_file_over_the_limit_is_refused_with_the_limit()
    {
        var cut = Render<ReportsPage>();
        cut.WaitForAssertion(() => Assert.False(cut.Find("button[data-testid=generate]").HasAttribute("disabled")));
        cut.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Upload CSV")).Click();

        var big = Encoding.UTF8.GetBytes("a\n" + new string('1', (int)ReportLimits.MaxUploadBytes));
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(big, "big.csv"));

        cut.WaitForAssertion(() => Assert.Contains("the limit is 1,024 KB", cut.Find("[data-testid=report-error]").TextContent));
    }

    [Fact]
    public void Saved_reports_are_listed_newest_first_and_only_the_users_own()
    {
        var otherUser = _database.AddUser("bob@example.com");
        using (var db = _database.CreateDbContext())
        {
            db.Reports.AddRange(
                NewReport(_userId, "Older", new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc)),
                NewReport(_userId, "Newer", new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc)),
                NewReport(otherUser, "Bob's secret", new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc)));
            db.SaveChanges();
        }

        var cut = Render<ReportsPage>();

        cut.WaitForAssertion(() => Assert.Equal(["Newer", "Older"], cut.FindAll("[data-testid=report-row] a").Select(a => a.TextContent)));
    }

    private static Report NewReport(string userId, string title, DateTime created) => new()
    {
        UserId = userId, Title = title, CreatedAtUtc = created, SourceKind = "text", SourceText = "x", ResultJson = "{}",
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }
}
