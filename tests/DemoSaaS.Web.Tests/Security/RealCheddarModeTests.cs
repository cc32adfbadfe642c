using System.Net;
using DemoSaaS.Cheddar;
using DemoSaaS.Web.Infrastructure.Cheddar;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Tests.Security;

/// <summary>Configured for the real Cheddar, the app runs no sandbox: no listener, no /sandbox/* endpoints, no sandbox credentials.</summary>
public sealed class RealCheddarModeTests
{
    [Fact]
    public async Task With_Cheddar_Mode_Real_the_app_serves_no_sandbox_endpoints_and_starts_no_sandbox()
    {
        await using var app = new SecurityAppFactory(new Dictionary<string, string?>
        {
            ["Cheddar:Mode"] = "Real",
            ["Cheddar:BaseUrl"] = "https://cheddar.invalid/",
            ["Cheddar:ProductCode"] = "REAL_PRODUCT",
            ["Cheddar:Username"] = "api@example.com",
            ["Cheddar:Password"] = "from-user-secrets",
            ["Cheddar:WebhookSecret"] = "real-webhook-secret",
        });
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        foreach (var path in new[] { "/sandbox/health", "/sandbox/faults", "/sandbox/clock", "/sandbox/webhooks/endpoints" })
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        Assert.Null(app.Services.GetService<EmbeddedCheddarSandbox>());
        Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), service => service is EmbeddedCheddarSandbox);
        Assert.DoesNotContain(app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>(),
            e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("sandbox", StringComparison.OrdinalIgnoreCase) == true);
        var options = app.Services.GetRequiredService<IOptions<CheddarOptions>>().Value;
        Assert.Equal(new Uri("https://cheddar.invalid/"), options.BaseUrl);
        Assert.Equal("api@example.com", options.Username);
    }
}
