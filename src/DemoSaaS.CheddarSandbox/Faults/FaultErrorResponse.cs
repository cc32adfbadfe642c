using System.Globalization;
using System.Security;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace DemoSaaS.CheddarSandbox.Faults;

/// <summary>Writes an injected failure the way Cheddar reports errors: a top-level &lt;error id code auxCode&gt; document.</summary>
internal static class FaultErrorResponse
{
    private static int _lastErrorId = 900000;

    public static async Task WriteAsync(HttpContext context, InjectedFault fault, int status)
    {
        var (defaultMessage, defaultAuxCode) = DefaultsFor(status, fault.RetryAfterSeconds);
        var message = fault.Message ?? defaultMessage;
        var auxCode = fault.AuxCode ?? defaultAuxCode;
        var id = Interlocked.Increment(ref _lastErrorId);
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + $"<error id=\"{id.ToString(CultureInfo.InvariantCulture)}\" code=\"{status.ToString(CultureInfo.InvariantCulture)}\" auxCode=\"{SecurityElement.Escape(auxCode)}\">{SecurityElement.Escape(message)}</error>\n";

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml; charset=utf-8";
        if (fault.Kind == FaultKind.RateLimit)
        {
            context.Response.Headers.RetryAfter = fault.RetryAfterSeconds!.Value.ToString(CultureInfo.InvariantCulture);
        }
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(xml), context.RequestAborted);
    }

    // Texts from Cheddar's documented messages where one exists (cheddar-api.md §2.3–2.5), otherwise the reason phrase.
    private static (string Message, string AuxCode) DefaultsFor(int status, int? retryAfterSeconds) => status switch
    {
        401 => ("Authentication required", ""),
        404 => ("Resource not found", ""),
        422 => ("The transaction was declined", "6000"),
        429 => ($"Too many requests. Please retry after {retryAfterSeconds ?? 1} seconds.", ""),
        500 => ("An unexpected error occured.  Please try again later.", "1000"),
        502 => ("The connection to the gateway failed.  Please try again later.", "4000"),
        503 => ("Cheddar is down for planned maintenance. Please try again later.", ""),
        _ => (ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : $"Error {status}", ""),
    };
}
