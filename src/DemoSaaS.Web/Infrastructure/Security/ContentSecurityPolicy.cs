using System.Security.Cryptography;

namespace DemoSaaS.Web.Infrastructure.Security;

/// <summary>
/// The Content-Security-Policy for every response, with a fresh script nonce per request for the one inline
/// script the app renders (Blazor's import map).
/// </summary>
public static class ContentSecurityPolicy
{
    private static readonly object NonceKey = new();

    /// <summary>
    /// script-src: only our own files (blazor.web.js, MudBlazor.min.js, module scripts) and the nonce'd import map;
    /// no 'unsafe-inline', no 'unsafe-eval' (Blazor Server needs neither).
    /// style-src 'unsafe-inline': MudBlazor sets style attributes and Blazor's reconnect UI and MudBlazor's popovers
    /// set element.style at run time; style injection cannot run script, and script-src stays strict.
    /// connect-src 'self' covers the circuit's same-origin WebSocket.
    /// </summary>
    public static string For(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>The nonce of this request's policy, for an inline script the page must render (<c>&lt;ImportMap nonce=...&gt;</c>).</summary>
    public static string Nonce(HttpContext http)
    {
        if (http.Items[NonceKey] is not string nonce)
        {
            // base64url: nothing an HTML attribute encoder rewrites, and valid in a CSP nonce source.
            nonce = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
            http.Items[NonceKey] = nonce;
        }
        return nonce;
    }
}
