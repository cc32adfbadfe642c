using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DemoSaaS.CheddarSandbox.Hosting;
using DemoSaaS.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.CheddarSandbox.Tests.Security;

/// <summary>
/// The /sandbox/* control endpoints reset, bill and rewire the sandbox without Cheddar credentials, so they answer only
/// callers on this machine, and only with the control token when one is configured; the Cheddar API is unaffected.
/// </summary>
public sealed class ControlAccessTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Control_calls_from_another_address_get_404_while_its_Cheddar_API_calls_and_local_control_calls_work()
    {
        // The peer the sandbox sees on its 127.0.0.2 listener is 203.0.113.7, as behind a proxy-protocol front end.
        await using var sandbox = await CheddarSandboxHost.StartAsync(new Dictionary<string, string?> { ["CheddarSandbox:DatabasePath"] = ":memory:" },
            url: RemotePeer.ListenUrls,
            configure: builder => builder.WebHost.ConfigureKestrel(RemotePeer.ReportConnectionsOnListenAddressAsRemote),
            cancellationToken: Cancel);
        var server = sandbox.Services.GetRequiredService<IServer>();
        using var remote = new HttpClient { BaseAddress = RemotePeer.ListenerOf(server, RemotePeer.ListenAddress) };
        using var local = new HttpClient { BaseAddress = RemotePeer.ListenerOf(server, IPAddress.Loopback) };

        using var remoteHealth = await remote.GetAsync("sandbox/health", Cancel);
        using var remoteReset = await remote.PostAsync("sandbox/reset", null, Cancel);
        using var remoteFault = await remote.PostAsync("sandbox/faults", Json("""{"path":"plans/get","kind":"error","status":500}"""), Cancel);
        // Forwarded headers are not trusted: the TCP peer decides.
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "sandbox/clock") { Headers = { { "X-Forwarded-For", "127.0.0.1" } } };
        using var remoteSpoofed = await remote.SendAsync(spoofed, Cancel);
        using var remoteApi = await remote.SendAsync(Cheddar(HttpMethod.Get, "xml/plans/get/productCode/DEMOSAAS"), Cancel);
        using var localHealth = await local.GetAsync("sandbox/health", Cancel);
        using var localFaults = await local.GetAsync("sandbox/faults", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, remoteHealth.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, remoteReset.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, remoteFault.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, remoteSpoofed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, remoteApi.StatusCode);
        Assert.Equal(HttpStatusCode.OK, localHealth.StatusCode);
        Assert.Contains("\"faults\":[]", await localFaults.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task With_a_control_token_configured_control_calls_without_it_get_403_and_with_it_work()
    {
        await using var sandbox = await CheddarSandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["CheddarSandbox:DatabasePath"] = ":memory:",
            ["CheddarSandbox:ControlToken"] = "control-token-for-tests",
        }, cancellationToken: Cancel);
        using var client = new HttpClient { BaseAddress = sandbox.BaseAddress };

        using var none = await client.PostAsync("sandbox/faults", Json("""{"path":"plans/get","kind":"error","status":500}"""), Cancel);
        using var wrongRequest = new HttpRequestMessage(HttpMethod.Post, "sandbox/reset") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "control-token-for-test") } };
        using var wrong = await client.SendAsync(wrongRequest, Cancel);
        using var rightRequest = new HttpRequestMessage(HttpMethod.Get, "sandbox/faults") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "control-token-for-tests") } };
        using var right = await client.SendAsync(rightRequest, Cancel);
        using var api = await client.SendAsync(Cheddar(HttpMethod.Get, "xml/plans/get/productCode/DEMOSAAS"), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        Assert.Contains("CheddarSandbox:ControlToken", await none.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        // The refused fault was never added: the API answers normally.
        Assert.Contains("\"faults\":[]", await right.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task No_sandbox_response_carries_a_Server_header()
    {
        await using var sandbox = await CheddarSandboxHost.StartAsync(new Dictionary<string, string?> { ["CheddarSandbox:DatabasePath"] = ":memory:" }, cancellationToken: Cancel);
        using var client = new HttpClient { BaseAddress = sandbox.BaseAddress };

        using var health = await client.GetAsync("sandbox/health", Cancel);
        using var plans = await client.SendAsync(Cheddar(HttpMethod.Get, "xml/plans/get/productCode/DEMOSAAS"), Cancel);
        using var unauthorized = await client.GetAsync("xml/plans/get/productCode/DEMOSAAS", Cancel);
        using var missing = await client.GetAsync("nothing-here", Cancel);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.NotFound],
            [health.StatusCode, plans.StatusCode, unauthorized.StatusCode, missing.StatusCode]);
        Assert.All(new[] { health, plans, unauthorized, missing }, response => Assert.False(response.Headers.Contains("Server")));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static HttpRequestMessage Cheddar(HttpMethod method, string path) => new(method, path)
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sandbox@demosaas.local:sandbox"))) },
    };
}
