using System.Net;
using DemoSaaS.Web.Infrastructure.Cheddar;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Security;

/// <summary>No response of the app or of its embedded sandbox names the server software (Kestrel adds "Server: Kestrel" by default).</summary>
public sealed class ServerHeaderTests(RunningSecurityApp running) : IClassFixture<RunningSecurityApp>
{
    [Fact]
    public async Task No_response_of_the_app_or_the_sandbox_carries_a_Server_header()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var app = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = running.App.ClientOptions.BaseAddress };
        using var sandbox = new HttpClient { BaseAddress = running.App.Services.GetRequiredService<EmbeddedCheddarSandbox>().BaseAddress };
        var responses = new List<HttpResponseMessage>
        {
            await app.GetAsync("/", cancel),
            await app.GetAsync("/Account/Login", cancel),
            await app.GetAsync("/account", cancel),
            await app.GetAsync("/no-such-page", cancel),
            await app.GetAsync("/_framework/blazor.web.js", cancel),
            await app.PostAsync("/webhooks/cheddar", new StringContent("{}"), cancel),
            await sandbox.GetAsync("sandbox/health", cancel),
            await sandbox.GetAsync("xml/plans/get/productCode/DEMOSAAS", cancel),
            await sandbox.GetAsync("no-such-path", cancel),
        };

        // The answers differ (200, 302, 404, 401): each kind of response is covered.
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.NotFound);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Unauthorized);
        Assert.All(responses, response => Assert.False(response.Headers.Contains("Server"),
            $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri} answered with Server: {string.Join(", ", response.Headers.TryGetValues("Server", out var values) ? values : [])}"));
        responses.ForEach(response => response.Dispose());
    }
}
