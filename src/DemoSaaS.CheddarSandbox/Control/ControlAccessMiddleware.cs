using System.Net;
using DemoSaaS.CheddarSandbox.Hosting;
using Microsoft.Extensions.Options;

namespace DemoSaaS.CheddarSandbox.Control;

/// <summary>
/// Guards every <c>/sandbox/*</c> control endpoint (reset, clock, faults, webhooks, health): they change billing state
/// without credentials, so they answer callers on this machine only, and only with the control token when
/// <c>CheddarSandbox:ControlToken</c> is set. Any other caller gets 404, as if the endpoints did not exist.
/// </summary>
/// <remarks>
/// The caller is the TCP peer (<see cref="ConnectionInfo.RemoteIpAddress"/>); the sandbox applies no forwarded
/// headers, so an <c>X-Forwarded-For</c> cannot make a remote caller look local. A connection with no IP address
/// (an in-memory test server, a Unix socket) is not known to be local and is refused too.
/// </remarks>
internal sealed class ControlAccessMiddleware(RequestDelegate next, IOptions<CheddarSandboxOptions> options)
{
    public const string PathPrefix = "/sandbox";

    public Task InvokeAsync(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return next(http);
        }
        if (http.Connection.RemoteIpAddress is not { } caller || !IPAddress.IsLoopback(caller))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        if (options.Value.ControlToken is { Length: > 0 } token && !HasToken(http.Request, token))
        {
            return ControlJson.Error(StatusCodes.Status403Forbidden,
                "The sandbox's control endpoints need 'Authorization: Bearer <CheddarSandbox:ControlToken>'.").ExecuteAsync(http);
        }
        return next(http);
    }

    private static bool HasToken(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && SecretComparison.AreEqual(header["Bearer ".Length..].Trim(), token);
    }
}
