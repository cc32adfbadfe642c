using DemoSaaS.CheddarSandbox.Webhooks;
using DemoSaaS.E2E.Infrastructure;
using DemoSaaS.Web.Infrastructure.Cheddar;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.E2E;

/// <summary>The app on a real port registers its own webhook URL with the sandbox it embeds.</summary>
public sealed class EmbeddedSandboxJourney(AppServer app)
{
    [Fact]
    public async Task The_running_app_registers_its_webhook_url_with_its_embedded_sandbox()
    {
        var sandbox = app.Services.GetRequiredService<EmbeddedCheddarSandbox>();
        var expected = new Uri(new Uri($"http://127.0.0.1:{app.BaseAddress.Port}/"), "webhooks/cheddar").AbsoluteUri;

        Assert.Contains(expected, sandbox.SandboxServices.GetRequiredService<WebhookEndpointRegistry>().All);
        using var http = new HttpClient { BaseAddress = sandbox.BaseAddress };
        var listed = await http.GetStringAsync("sandbox/webhooks/endpoints", TestContext.Current.CancellationToken);
        Assert.Contains(expected, listed);
    }
}
