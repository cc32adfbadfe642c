using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Cheddar.Http;

/// <summary>
/// Sends <c>Authorization: Basic</c> on every request up front. .NET's NetworkCredential waits for a 401 challenge
/// first, which doubles every call and breaks POST bodies against servers that do not challenge.
/// </summary>
internal sealed class BasicAuthenticationHandler(IOptionsMonitor<CheddarOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{current.Username}:{current.Password}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        return base.SendAsync(request, cancellationToken);
    }
}
