using System.Net;
using DemoSaaS.Tests.Shared;
using DemoSaaS.Web.Infrastructure.Cheddar;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Security;

/// <summary>
/// Deployed (not Development), the app never simulates billing by accident: it refuses to start until Cheddar:Mode
/// says what it bills through, the sandbox runs only when explicitly allowed, and even then its control endpoints
/// (reset, clock, faults, webhooks) answer nobody but this machine.
/// </summary>
public sealed class ProductionStartupTests
{
    private static readonly Dictionary<string, string?> PublicUrl = new() { ["App:PublicBaseUrl"] = "https://demosaas.example/" };

    [Fact]
    public void A_Production_host_with_no_Cheddar_settings_refuses_to_start_and_says_why_in_one_line()
    {
        using var app = new SecurityAppFactory(PublicUrl, environment: "Production");

        var message = StartupFailure(app);

        Assert.StartsWith("Cheddar:Mode is not set and the environment is 'Production'", message);
        Assert.Contains("Cheddar:Mode=Real", message);
        Assert.Contains("Cheddar:AllowSandboxOutsideDevelopment=true", message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void A_Production_host_with_the_sandbox_but_without_the_explicit_allowance_refuses_to_start()
    {
        using var app = new SecurityAppFactory(new Dictionary<string, string?>(PublicUrl) { ["Cheddar:Mode"] = "Sandbox" }, environment: "Production");

        var message = StartupFailure(app);

        Assert.StartsWith("Cheddar:Mode is Sandbox in the 'Production' environment", message);
        Assert.Contains("collects no money", message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void A_Production_host_without_a_public_base_URL_refuses_to_start()
    {
        using var app = SecurityAppFactory.ProductionDemo(new Dictionary<string, string?> { ["App:PublicBaseUrl"] = null });

        Assert.Contains("App:PublicBaseUrl", StartupFailure(app));
    }

    [Fact]
    public async Task With_the_sandbox_allowed_in_Production_its_control_endpoints_answer_404_to_another_address_and_work_on_loopback()
    {
        // The embedded sandbox also listens on 127.0.0.2, where it sees every caller as 203.0.113.7 (as behind a
        // proxy-protocol front end): a caller from another machine over real TCP, while every packet stays on loopback.
        await using var app = await SecurityAppFactory.ProductionDemo(
            new Dictionary<string, string?> { ["CheddarSandbox:Url"] = RemotePeer.ListenUrls },
            sandbox => sandbox.WebHost.ConfigureKestrel(RemotePeer.ReportConnectionsOnListenAddressAsRemote)).StartAsync();
        var server = app.Services.GetRequiredService<EmbeddedCheddarSandbox>().SandboxServices.GetRequiredService<IServer>();
        using var remote = new HttpClient { BaseAddress = RemotePeer.ListenerOf(server, RemotePeer.ListenAddress) };
        using var local = new HttpClient { BaseAddress = RemotePeer.ListenerOf(server, IPAddress.Loopback) };
        var cancel = TestContext.Current.CancellationToken;

        foreach (var path in new[] { "sandbox/health", "sandbox/clock", "sandbox/faults", "sandbox/webhooks", "sandbox/webhooks/endpoints" })
        {
            using var response = await remote.GetAsync(path, cancel);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET /{path} from {RemotePeer.Address} answered {(int)response.StatusCode}");
        }
        using (var reset = await remote.PostAsync("sandbox/reset", null, cancel))
        {
            Assert.Equal(HttpStatusCode.NotFound, reset.StatusCode);
        }
        using (var advance = await remote.PostAsync("sandbox/clock/advance", new StringContent("""{"days":30}""", System.Text.Encoding.UTF8, "application/json"), cancel))
        {
            Assert.Equal(HttpStatusCode.NotFound, advance.StatusCode);
        }
        // The same listener answers that caller's Cheddar API calls (with its Basic auth) and the control calls from loopback.
        using var api = await remote.GetAsync("xml/plans/get/productCode/DEMOSAAS", cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        using var clock = await local.GetAsync("sandbox/clock", cancel);
        Assert.Equal(HttpStatusCode.OK, clock.StatusCode);
        Assert.Contains("\"offset\":\"00:00:00\"", await clock.Content.ReadAsStringAsync(cancel));
    }

    /// <summary>The one-line reason the host gave for not starting.</summary>
    private static string StartupFailure(SecurityAppFactory app)
    {
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            if (current is InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException
                && (current.Message.Contains("Cheddar:Mode") || current.Message.Contains("App:PublicBaseUrl")))
            {
                return current.Message;
            }
        }
        throw new Xunit.Sdk.XunitException($"The host failed to start for another reason: {error}");
    }
}
