using System.Net;
using System.Text;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Features.Reports;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using DemoSaaS.Web.Data;

namespace DemoSaaS.Web.Tests.Features.Reports;

public sealed class ReportsEndpointTests(ScriptedBillingWebFactory factory) : IClassFixture<ScriptedBillingWebFactory>
{
    [Theory]
    [InlineData("/reports")]
    [InlineData("/reports/6c0f3a52-0000-4000-8000-000000000001")]
    [InlineData("/export")]
    [InlineData("/Account/Manage")]
    public async Task Feature_pages_send_an_anonymous_visitor_to_the_login_page(string path)
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
        Assert.Contains(Uri.EscapeDataString(path), response.Headers.Location.Query, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_export_endpoint_refuses_an_anonymous_visitor()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.PostAsync("/reports/6c0f3a52-0000-4000-8000-000000000001/export", new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_generated_report_is_stored_for_its_user_with_one_report_use_and_listed_on_the_reports_page()
    {
        var (client, userId) = await SignedInClient.CreateAsync(factory, "maker@example.com");
        var report = await GenerateAsync(userId, "Quarterly sales", "region,amount\nnorth,10\nsouth,32\n");

        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var stored = await db.Reports.SingleAsync(r => r.Id == report.Id, TestContext.Current.CancellationToken);
            Assert.Equal((userId, "csv", 2, 2), (stored.UserId, stored.SourceKind, stored.RowCount, stored.ColumnCount));
        }
        Assert.Contains(factory.Meter.Uses, use => use is { Feature: MeteredFeature.Reports, PendingReportsInSameUnitOfWork: 1 } && use.UserId == userId);

        var page = await client.GetStringAsync("/reports", TestContext.Current.CancellationToken);
        Assert.Contains("Quarterly sales", page);
        client.Dispose();
    }

    [Fact]
    public async Task Export_downloads_the_report_as_csv_and_counts_one_export()
    {
        var (client, userId) = await SignedInClient.CreateAsync(factory, "exporter@example.com");
        var report = await GenerateAsync(userId, "Costs", "item,cost\npens,2.5\nink,7.5\n");
        var exportsBefore = factory.Meter.Uses.Count(u => u.Feature == MeteredFeature.Exports && u.UserId == userId);

        var response = await ExportAsync(client, report.Id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Matches("^Costs-\\d{8}-\\d{6}\\.csv$", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var csv = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).TrimStart('\uFEFF');
        Assert.StartsWith("Report,Costs\r\n", csv);
        Assert.Contains("Column,Count,Min,Max,Mean,Median,Sum\r\ncost,2,2.5,7.5,5,5,10\r\n", csv);
        Assert.Equal(exportsBefore + 1, factory.Meter.Uses.Count(u => u.Feature == MeteredFeature.Exports && u.UserId == userId));
        client.Dispose();
    }

    [Fact]
    public async Task Export_on_a_plan_without_exports_sends_the_user_to_the_upgrade_prompt_and_counts_nothing()
    {
        var (client, userId) = await SignedInClient.CreateAsync(factory, "free@example.com");
        var report = await GenerateAsync(userId, "Free report", "some words");
        var exportPage = await client.GetStringAsync("/export", TestContext.Current.CancellationToken);
        factory.Access.Set(MeteredFeature.Exports, ScriptedFeatureAccess.Denied(AccessDenialReason.NotInPlan));
        try
        {
            var response = await client.PostAsync($"/reports/{report.Id}/export", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = SignedInClient.AntiforgeryToken(exportPage),
            }), TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/export?denied=NotInPlan", response.Headers.Location!.OriginalString);
            Assert.DoesNotContain(factory.Meter.Uses, u => u.Feature == MeteredFeature.Exports && u.UserId == userId);
            var page = await client.GetStringAsync("/export", TestContext.Current.CancellationToken);
            Assert.Contains("Exports are not part of your plan", page);
        }
        finally
        {
            factory.Access.Set(MeteredFeature.Exports, ScriptedFeatureAccess.Allowed("PRO", 0, 100));
            client.Dispose();
        }
    }

    [Fact]
    public async Task Another_users_report_can_be_neither_seen_nor_exported()
    {
        var (_, ownerId) = await SignedInClient.CreateAsync(factory, "owner@example.com");
        var report = await GenerateAsync(ownerId, "Owner's secret numbers", "a,b\n1,2\n");
        var (intruder, _) = await SignedInClient.CreateAsync(factory, "intruder@example.com");
        await GenerateAsync((await UserIdAsync("intruder@example.com"))!, "Intruder's own", "x");

        var details = await intruder.GetStringAsync($"/reports/{report.Id}", TestContext.Current.CancellationToken);
        var export = await ExportAsync(intruder, report.Id);

        Assert.DoesNotContain("Owner's secret numbers", details);
        Assert.Contains("Report not found", details);
        Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);
        intruder.Dispose();
    }

    [Fact]
    public async Task Export_without_the_antiforgery_token_is_refused_and_counts_nothing()
    {
        var (client, userId) = await SignedInClient.CreateAsync(factory, "csrf@example.com");
        var report = await GenerateAsync(userId, "Target", "x");

        var response = await client.PostAsync($"/reports/{report.Id}/export", new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(factory.Meter.Uses, u => u.Feature == MeteredFeature.Exports && u.UserId == userId);
        client.Dispose();
    }

    private async Task<Report> GenerateAsync(string userId, string title, string data)
    {
        using var scope = factory.Services.CreateScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<ReportService>().GenerateAsync(userId, new ReportRequest
        {
            Title = title,
            Kind = data.Contains(',') ? ReportSourceKind.Csv : ReportSourceKind.Text,
            Data = data,
        }, TestContext.Current.CancellationToken);
        Assert.True(outcome.Succeeded, outcome.InputError);
        return outcome.Report!;
    }

    private async Task<string?> UserIdAsync(string email)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return (await db.Users.SingleAsync(u => u.Email == email, TestContext.Current.CancellationToken)).Id;
    }

    private static async Task<HttpResponseMessage> ExportAsync(HttpClient client, Guid reportId)
    {
        var page = await client.GetStringAsync("/export", TestContext.Current.CancellationToken);
        return await client.PostAsync($"/reports/{reportId}/export", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SignedInClient.AntiforgeryToken(page),
        }), TestContext.Current.CancellationToken);
    }
}
