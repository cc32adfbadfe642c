namespace DemoSaaS.Web.Infrastructure.Security;

/// <summary>
/// Sets the browser-side protections on every response: CSP (with frame-ancestors 'none'), nosniff, no framing,
/// a referrer policy and no powerful browser features. HSTS is added by UseHsts outside Development.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy.For(ContentSecurityPolicy.Nonce(http));
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(http);
    }
}
