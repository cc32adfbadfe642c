using System.Net;
using DemoSaaS.Web.Infrastructure.Cheddar;
using Microsoft.AspNetCore.Hosting;
using DemoSaaS.Cheddar;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Infrastructure;

public sealed class EmbeddedSandboxTests(DemoSaaSWebFactory factory) : IClassFixture<DemoSaaSWebFactory>
{
    [Fact]
    public async Task Sandbox_mode_runs_the_sandbox_on_its_own_loopback_listener_and_points_the_client_at_it()
    {
        var sandbox = factory.Services.GetRequiredService<EmbeddedCheddarSandbox>();
        var cheddar = factory.Services.GetRequiredService<IOptions<CheddarOptions>>().Value;

        Assert.Equal("127.0.0.1", sandbox.BaseAddress.Host);
        Assert.Equal(sandbox.BaseAddress, cheddar.BaseUrl);
        Assert.Equal("DEMOSAAS", cheddar.ProductCode);
        using var http = new HttpClient { BaseAddress = sandbox.BaseAddress };
        var health = await http.GetAsync("sandbox/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task The_app_itself_never_serves_the_sandbox_control_endpoints()
    {
        using var client = factory.CreateClient();
        var response = await client.GetAsync("/sandbox/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Two_app_hosts_run_side_by_side_each_with_its_own_sandbox()
    {
        await using var other = new DemoSaaSWebFactory();
        var first = factory.Services.GetRequiredService<EmbeddedCheddarSandbox>().BaseAddress;
        var second = other.Services.GetRequiredService<EmbeddedCheddarSandbox>().BaseAddress;
        Assert.NotEqual(first.Port, second.Port);
    }

    [Fact]
    public async Task Real_mode_starts_no_sandbox()
    {
        await using var real = new DemoSaaSWebFactory().WithWebHostBuilder(builder => builder
            .UseSetting("Cheddar:Mode", "Real")
            .UseSetting("Cheddar:BaseUrl", "http://127.0.0.1:9/")
            .UseSetting("Cheddar:ProductCode", "REAL")
            .UseSetting("Cheddar:Username", "api@example.com")
            .UseSetting("Cheddar:Password", "secret")
            .UseSetting("Cheddar:WebhookSecret", "secret"));

        Assert.Null(real.Services.GetService<EmbeddedCheddarSandbox>());
        using var client = real.CreateClient();
        var home = await client.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public void An_unknown_mode_stops_the_app_with_a_message_naming_the_setting()
    {
        using var bad = new DemoSaaSWebFactory().WithWebHostBuilder(builder => builder.UseSetting("Cheddar:Mode", "Staging"));
        var error = Assert.ThrowsAny<Exception>(() => bad.CreateClient());
        Assert.Contains("Cheddar:Mode", error.ToString());
    }

    [Theory]
    [InlineData("http://[::]:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://+:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://localhost:5058", "http://127.0.0.1:5058/")]
    [InlineData("http://127.0.0.1:41234", "http://127.0.0.1:41234/")]
    public void Webhook_callbacks_use_a_loopback_address(string serverAddress, string expected)
    {
        Assert.Equal(expected, EmbeddedCheddarSandbox.LoopbackAddress(serverAddress).ToString());
    }
}
