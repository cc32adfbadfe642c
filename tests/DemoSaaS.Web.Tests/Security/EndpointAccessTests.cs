using System.Net;
using System.Text.RegularExpressions;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Security;

/// <summary>
/// Every endpoint the app maps needs a signed-in user unless it is on the public list below, so a new page or API
/// that forgets [Authorize] / RequireAuthorization fails here.
/// </summary>
public sealed partial class EndpointAccessTests : IClassFixture<DemoSaaSWebFactory>
{
    /// <summary>
    /// Route patterns anyone may reach: landing, pricing, signup, login and password reset with Identity's
    /// confirm/forgot/lockout steps, the webhook (Cheddar signs it instead), error pages, the Blazor circuit hub and
    /// framework files (each component still authorizes itself), and the dev mailbox and dev Cheddar calls (Development only).
    /// </summary>
    private static readonly string[] PublicRoutes =
    [
        "/", "/pricing", "/signup", "/Error", "/not-found", "/webhooks/cheddar", "/healthz", "/dev/mailbox", "/dev/cheddar",
        "/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode", "/Account/Logout",
        "/Account/Register", "/Account/RegisterConfirmation", "/Account/ConfirmEmail", "/Account/ConfirmEmailChange",
        "/Account/ResendEmailConfirmation", "/Account/ForgotPassword", "/Account/ForgotPasswordConfirmation",
        "/Account/ResetPassword", "/Account/ResetPasswordConfirmation", "/Account/InvalidPasswordReset",
        "/Account/InvalidUser", "/Account/Lockout", "/Account/AccessDenied",
        "/Account/ExternalLogin", "/Account/PerformExternalLogin", "/Account/PasskeyRequestOptions",
    ];

    private static readonly string[] PublicPrefixes = ["/_blazor", "/_framework", "/_content", "/dev/mailbox/"];

    private readonly DemoSaaSWebFactory _app;

    public EndpointAccessTests(DemoSaaSWebFactory app) => _app = app;

    [Fact]
    public async Task Every_endpoint_not_on_the_public_list_sends_an_anonymous_visitor_to_login_or_answers_401()
    {
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.Contains(endpoints, e => Route(e) == "/account");
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var open = new List<string>();
        var checkedRoutes = 0;

        foreach (var endpoint in endpoints)
        {
            var route = Route(endpoint);
            if (IsPublic(route) || IsStaticFile(route))
            {
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get];
            foreach (var method in methods.Where(m => m is not ("HEAD" or "OPTIONS")))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(route));
                if (method != HttpMethods.Get)
                {
                    request.Content = new FormUrlEncodedContent([]);
                }
                using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                checkedRoutes++;
                var toLogin = response.StatusCode == HttpStatusCode.Redirect
                    && response.Headers.Location?.ToString().Contains("/Account/Login", StringComparison.OrdinalIgnoreCase) == true;
                if (!toLogin && response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
                {
                    open.Add($"{method} {route} -> {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
        }

        Assert.True(checkedRoutes >= 5, $"Only {checkedRoutes} protected routes were found.");
        Assert.True(open.Count == 0, "Reachable without signing in:\n" + string.Join('\n', open));
    }

    [Fact]
    public async Task Public_pages_answer_an_anonymous_visitor_without_a_login_redirect()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        foreach (var path in new[] { "/", "/signup", "/Account/Login", "/Account/ForgotPassword", "/Account/ResetPassword?code=YWJj" })
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode} {response.Headers.Location}");
        }
    }

    [Fact]
    public async Task The_dev_mailbox_does_not_exist_outside_Development()
    {
        await using var production = SecurityAppFactory.ProductionDemo();
        // Addressed as the public site: outside Development any other Host is refused before routing.
        var client = production.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://demosaas.example/") });
        using var response = await client.GetAsync("/dev/mailbox", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Development mailbox", html);
    }

    [Fact]
    public async Task The_dev_cheddar_page_does_not_exist_outside_Development()
    {
        await using var production = SecurityAppFactory.ProductionDemo();
        var client = production.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://demosaas.example/") });
        using var response = await client.GetAsync("/dev/cheddar", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Cheddar calls", html);
    }

    [Fact]
    public async Task Outside_Development_a_mail_nobody_can_read_is_logged_as_a_warning_without_its_link()
    {
        await using var production = SecurityAppFactory.ProductionDemo();
        var sender = production.Services.GetRequiredService<IEmailSender<ApplicationUser>>();
        var link = $"https://example.test/Account/ConfirmEmail?code={Guid.NewGuid():N}";

        await sender.SendConfirmationLinkAsync(new ApplicationUser { Email = "someone@example.com" }, "someone@example.com", link);

        var warning = Assert.Single(production.LogLines, line => line.StartsWith("Warning ") && line.Contains("Confirm your email"));
        Assert.Contains("was not sent", warning);
        Assert.DoesNotContain(production.LogLines, line => line.Contains(link, StringComparison.Ordinal));
    }

    private static string Route(RouteEndpoint endpoint) => "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');

    private static bool IsPublic(string route)
    {
        var path = RouteParameter().Replace(route, "").TrimEnd('/');
        path = path.Length == 0 ? "/" : path;
        return PublicRoutes.Any(p => string.Equals(p, path, StringComparison.OrdinalIgnoreCase))
            || PublicPrefixes.Any(p => route.StartsWith(p, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>MapStaticAssets maps every file in wwwroot (and its compressed variants) by name.</summary>
    private static bool IsStaticFile(string route) =>
        !route.Contains('{') && Path.HasExtension(route) && !route.EndsWith(".razor", StringComparison.OrdinalIgnoreCase);

    /// <summary>The route with each parameter filled so its constraint matches (a guid, a number, or text).</summary>
    private static string Concrete(string route) => RouteParameter().Replace(route, parameter =>
        parameter.Value.Contains(":guid", StringComparison.OrdinalIgnoreCase) ? Guid.NewGuid().ToString()
        : parameter.Value.Contains(":int", StringComparison.OrdinalIgnoreCase) || parameter.Value.Contains(":long", StringComparison.OrdinalIgnoreCase) ? "1"
        : "x");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();
}
