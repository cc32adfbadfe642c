using System.Net;

namespace DemoSaaS.CheddarSandbox.Tests;

public sealed class HealthTests(SandboxServer sandbox) : IClassFixture<SandboxServer>
{
    [Fact]
    public async Task Health_endpoint_answers_ok_over_loopback()
    {
        using var client = sandbox.CreateClient();
        var response = await client.GetAsync("/sandbox/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ok", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
