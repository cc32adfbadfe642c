using System.Net;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.Web.Tests.Instances;

/// <summary>
/// The load balancer's health check: 200 only while the database answers and every migration is applied, else 503,
/// and never a detail (a migration name, a connection string, an exception) in the body.
/// </summary>
public sealed class HealthzTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Healthz_answers_200_to_an_anonymous_caller_while_the_database_is_migrated()
    {
        await using var app = await new BillingAppFactory().StartAsync();
        using var balancer = new HttpClient { BaseAddress = app.ClientOptions.BaseAddress };

        using var response = await balancer.GetAsync("/healthz", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Cancel));
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Healthz_answers_503_without_details_while_a_migration_is_not_applied()
    {
        await using var app = await new BillingAppFactory().StartAsync();
        using var balancer = new HttpClient { BaseAddress = app.ClientOptions.BaseAddress };
        // The database falls behind the code, as when a new version starts before its migration ran.
        var newest = await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>(
            "SELECT \"MigrationId\" AS \"Value\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\" DESC LIMIT 1").SingleAsync(Cancel));
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {newest}", Cancel));

        using var response = await balancer.GetAsync("/healthz", Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", body);
        Assert.DoesNotContain(newest, body);
    }

    [Fact]
    public async Task Healthz_is_never_rate_limited()
    {
        await using var app = await new BillingAppFactory(new Dictionary<string, string?> { ["Security:CredentialPermitsPerMinute"] = "1" }).StartAsync();
        using var balancer = new HttpClient { BaseAddress = app.ClientOptions.BaseAddress };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await balancer.GetAsync("/healthz", Cancel);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }
}
