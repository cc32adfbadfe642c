using System.Net;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Identity.Throttling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Security;

/// <summary>
/// Behind a load balancer every connection comes from the balancer. The client's address then travels in
/// X-Forwarded-For, which the app believes only from the proxies named in ForwardedHeaders:KnownProxies/KnownNetworks:
/// from anyone else it is a header a guesser can set to anything. "The proxy" here is a second loopback address,
/// 127.0.0.2, so ASP.NET Core's own default (trust loopback) would be caught too.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task Forwarded_headers_from_an_address_not_configured_as_a_proxy_are_ignored()
    {
        await using var app = await new SecurityAppFactory(new Dictionary<string, string?> { ["Security:CredentialPermitsPerMinute"] = "1000" }).StartAsync();
        using var caller = ThroughProxy(app, "198.51.100.23");

        var attempt = await FailLoginAsync(caller, "someone@example.com");

        Assert.Equal(HttpStatusCode.OK, attempt.Status);
        Assert.Equal(["127.0.0.2"], await ThrottledClientsAsync(app));
    }

    [Fact]
    public async Task Forwarded_headers_from_a_configured_proxy_make_the_login_throttle_count_each_client_behind_it()
    {
        await using var app = await new SecurityAppFactory(new Dictionary<string, string?>
        {
            ["Security:CredentialPermitsPerMinute"] = "1000",
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.2",
        }).StartAsync();
        using var first = ThroughProxy(app, "198.51.100.23");
        // A client that sends its own X-Forwarded-For: the balancer appends the real address, and only that one counts.
        using var second = ThroughProxy(app, "10.9.9.9, 198.51.100.24");
        using var direct = new AnonymousBrowser(app.ClientOptions.BaseAddress);
        direct.Client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.25");

        await FailLoginAsync(first, "someone@example.com");
        await FailLoginAsync(second, "someone@example.com");
        await FailLoginAsync(direct, "someone@example.com");

        // 127.0.0.1 is not the configured proxy, so its header is ignored even though it is loopback.
        Assert.Equal(["127.0.0.1", "198.51.100.23", "198.51.100.24"], await ThrottledClientsAsync(app));
    }

    [Fact]
    public async Task Rate_limits_count_each_client_behind_a_configured_proxy_network_separately()
    {
        await using var app = await new SecurityAppFactory(new Dictionary<string, string?>
        {
            ["Security:CredentialPermitsPerMinute"] = "2",
            ["ForwardedHeaders:KnownNetworks:0"] = "127.0.0.2/32",
        }).StartAsync();
        using var guesser = ThroughProxy(app, "198.51.100.23");
        using var owner = ThroughProxy(app, "198.51.100.24");

        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            guesses.Add((await FailLoginAsync(guesser, "someone@example.com")).Status);
        }
        var ownersAttempt = await FailLoginAsync(owner, "owner@example.com");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], guesses);
        Assert.Equal(HttpStatusCode.OK, ownersAttempt.Status);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "balancer.internal", "ForwardedHeaders:KnownProxies:0 is 'balancer.internal', not an IP address")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33", "ForwardedHeaders:KnownNetworks:0 is '10.0.0.0/33', not a network in CIDR notation")]
    public void A_proxy_setting_that_is_not_an_address_stops_the_start_with_the_key_it_names(string key, string value, string message)
    {
        using var app = new SecurityAppFactory(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains(message, ErrorText(error));
    }

    private static AnonymousBrowser ThroughProxy(SecurityAppFactory app, string forwardedFor)
    {
        var browser = new AnonymousBrowser(app.ClientOptions.BaseAddress, Proxy);
        browser.Client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        browser.Client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "http");
        return browser;
    }

    private static Task<AnonymousBrowser.Page> FailLoginAsync(AnonymousBrowser browser, string email) =>
        browser.SubmitAsync("/Account/Login", "login", [KeyValuePair.Create("Input.Email", email), KeyValuePair.Create("Input.Password", "Wrong-Guess-1")]);

    /// <summary>The client keys of the login throttle's counters: the address the app believed each attempt came from.</summary>
    private static async Task<List<string>> ThrottledClientsAsync(SecurityAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await db.Set<LoginAttemptCounter>().Select(c => c.ClientKey).Distinct().OrderBy(k => k).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The host's start failure with every inner exception, as an operator would read it in the log.</summary>
    private static string ErrorText(Exception error) => error.ToString();
}
