using System.Net;

namespace DemoSaaS.CheddarSandbox.Tests.Faults;

/// <summary>Faults against the real Cheddar API handlers: what gets committed and what the client sees.</summary>
public sealed class FaultInjectionApiTests(SandboxServer sandbox) : IClassFixture<SandboxServer>, IAsyncLifetime
{
    private readonly CheddarHttp _cheddar = CheddarHttp.For(sandbox);

    public async ValueTask InitializeAsync()
    {
        using var response = await _cheddar.Http.DeleteAsync("/sandbox/faults", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public ValueTask DisposeAsync()
    {
        _cheddar.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Code() => "f-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Apply_then_fail_commits_the_signup_although_the_client_gets_a_500_error()
    {
        var code = Code();
        await AddFaultAsync("""{"path":"customers/new","method":"POST","kind":"applyThenFail","count":1}""");

        var reply = await _cheddar.NewCustomerAsync(code);

        reply.ShouldBeError(500, "An unexpected error occured.  Please try again later.", "1000");
        Assert.Equal(code, (await _cheddar.CustomerAsync(code)).Attribute("code")!.Value);
        var again = await _cheddar.NewCustomerAsync(code);
        Assert.NotEqual(HttpStatusCode.OK, again.Status);
    }

    [Fact]
    public async Task Apply_then_fail_with_drop_commits_the_signup_although_the_connection_is_dropped()
    {
        var code = Code();
        await AddFaultAsync("""{"path":"customers/new","kind":"applyThenFail","drop":true,"count":1}""");

        await Assert.ThrowsAsync<HttpRequestException>(() => _cheddar.NewCustomerAsync(code));

        Assert.Equal(code, (await _cheddar.CustomerAsync(code)).Attribute("code")!.Value);
    }

    [Fact]
    public async Task Status_fault_on_signup_commits_nothing()
    {
        var code = Code();
        await AddFaultAsync("""{"path":"customers/new","kind":"status","status":503,"count":1}""");

        var reply = await _cheddar.NewCustomerAsync(code);

        reply.ShouldBeError(503, "Cheddar is down for planned maintenance. Please try again later.");
        Assert.Equal(HttpStatusCode.NotFound, (await _cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}/code/{code}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _cheddar.NewCustomerAsync(code)).Status);
    }

    [Fact]
    public async Task Latency_fault_delays_a_real_answer_without_changing_it()
    {
        await AddFaultAsync("""{"path":"plans/get","kind":"latency","latencyMs":500,"count":1}""");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var reply = await _cheddar.GetAsync($"/xml/plans/get/{CheddarHttp.Product}");

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(490));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(["FREE", "PRO", "TEAM"], reply.Root.Elements("plan").Select(p => p.Attribute("code")!.Value).Order());
    }

    [Fact]
    public async Task Faults_come_before_authentication()
    {
        await AddFaultAsync("""{"path":"plans/get","kind":"rateLimit","count":1}""");
        using var anonymous = sandbox.CreateClient();

        using var response = await anonymous.GetAsync($"/xml/plans/get/{CheddarHttp.Product}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/xml/plans/get/{CheddarHttp.Product}", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Reset_clears_every_fault()
    {
        await AddFaultAsync("""{"kind":"status","status":503}""");
        Assert.Equal((HttpStatusCode)503, (await _cheddar.GetAsync($"/xml/plans/get/{CheddarHttp.Product}")).Status);

        using var reset = await _cheddar.Http.PostAsync("/sandbox/reset", null, TestContext.Current.CancellationToken);

        reset.EnsureSuccessStatusCode();
        Assert.Empty((await _cheddar.Http.GetJsonAsync("/sandbox/faults")).GetProperty("faults").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await _cheddar.GetAsync($"/xml/plans/get/{CheddarHttp.Product}")).Status);
    }

    private async Task AddFaultAsync(string json)
    {
        using var response = await _cheddar.Http.PostJsonAsync("/sandbox/faults", json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
