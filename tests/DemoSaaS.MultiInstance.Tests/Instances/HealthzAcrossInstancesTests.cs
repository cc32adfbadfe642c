using System.Net;
using DemoSaaS.MultiInstance.Tests.Infrastructure;
using Npgsql;

namespace DemoSaaS.MultiInstance.Tests.Instances;

/// <summary>
/// The balancer asks each instance <c>/healthz</c>: an instance that cannot reach the database answers 503 (so the
/// balancer sends its users elsewhere) and 200 again once it can, while the other instance stays healthy.
/// </summary>
public sealed class HealthzAcrossInstancesTests(MultiInstanceFixture fixture) : IClassFixture<MultiInstanceFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_instance_that_cannot_reach_the_database_answers_503_and_200_once_it_can_again()
    {
        var instance = await fixture.StartInstanceAsync("C");
        using var balancer = new HttpClient { BaseAddress = instance.BaseAddress };
        using var toA = new HttpClient { BaseAddress = fixture.A.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await balancer.GetAsync("/healthz", Cancel)).StatusCode);

        // The database refuses this instance: its role may no longer log in and its sessions are ended.
        await fixture.BarInstanceAsync(instance);
        var down = await balancer.GetAsync("/healthz", Cancel);
        var downBody = await down.Content.ReadAsStringAsync(Cancel);
        var other = await toA.GetAsync("/healthz", Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("Unhealthy", downBody);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        // Allowed again: the balancer's next checks see it healthy (connections the server ended are dropped as they fail).
        await SetLoginAsync(instance, allowed: true);
        await Eventually.TrueAsync(async () => (await balancer.GetAsync("/healthz", Cancel)).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), "the instance reports healthy again");
        await instance.StopAsync();
    }

    private async Task SetLoginAsync(AppInstance instance, bool allowed)
    {
        await using var connection = new NpgsqlConnection(fixture.Cluster.AdminConnectionString);
        await connection.OpenAsync(Cancel);
        await using var alter = new NpgsqlCommand($"ALTER ROLE \"{instance.ApplicationName}\" {(allowed ? "LOGIN" : "NOLOGIN")}", connection);
        await alter.ExecuteNonQueryAsync(Cancel);
    }
}
