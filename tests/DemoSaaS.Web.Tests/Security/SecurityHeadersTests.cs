using System.Net;
using DemoSaaS.Web.Tests.Infrastructure;

namespace DemoSaaS.Web.Tests.Security;

/// <summary>Every response carries the browser-side protections; HSTS outside Development only.</summary>
public sealed class SecurityHeadersTests : IClassFixture<DemoSaaSWebFactory>
{
    private readonly DemoSaaSWebFactory _app;

    public SecurityHeadersTests(DemoSaaSWebFactory app) => _app = app;

    [Theory]
    [InlineData("/")]
    [InlineData("/signup")]
    [InlineData("/Account/Login")]
    [InlineData("/account")]
    [InlineData("/no-such-page")]
    [InlineData("/_framework/blazor.web.js")]
    public async Task Pages_files_redirects_and_errors_carry_CSP_nosniff_frame_and_referrer_headers(string path)
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("default-src 'self'", csp);
        Assert.Matches("script-src 'self' 'nonce-[A-Za-z0-9_-]{22}';", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "No HSTS in Development.");
    }

    [Fact]
    public async Task The_import_map_carries_the_nonce_of_its_own_response_and_each_response_gets_a_new_nonce()
    {
        var client = _app.CreateClient();
        using var first = await client.GetAsync("/signup", TestContext.Current.CancellationToken);
        using var second = await client.GetAsync("/signup", TestContext.Current.CancellationToken);
        var nonce = System.Text.RegularExpressions.Regex.Match(Header(first, "Content-Security-Policy"), "'nonce-([^']+)'").Groups[1].Value;
        var html = await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Matches($"<script[^>]*type=\"importmap\"[^>]*nonce=\"{System.Text.RegularExpressions.Regex.Escape(nonce)}\"|<script[^>]*nonce=\"{System.Text.RegularExpressions.Regex.Escape(nonce)}\"[^>]*type=\"importmap\"", html);
        Assert.DoesNotContain(nonce, Header(second, "Content-Security-Policy"));
        // No other inline script: every other <script> loads a file from our origin.
        Assert.All(System.Text.RegularExpressions.Regex.Matches(html, "<script(?![^>]*importmap)[^>]*>").Select(m => m.Value),
            tag => Assert.Contains("src=\"", tag));
    }

    [Fact]
    public async Task Outside_Development_HTTPS_responses_carry_HSTS()
    {
        await using var app = SecurityAppFactory.ProductionDemo();
        var client = app.CreateClient(new() { BaseAddress = new Uri("https://demosaas.example/"), AllowAutoRedirect = false });
        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age=31536000", Header(response, "Strict-Transport-Security"));
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{name} is missing on {response.RequestMessage?.RequestUri} ({(int)response.StatusCode}).");
}
