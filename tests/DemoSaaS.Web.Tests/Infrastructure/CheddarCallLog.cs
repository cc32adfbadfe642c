using System.Collections.Concurrent;

namespace DemoSaaS.Web.Tests.Infrastructure;

/// <summary>Records the Cheddar API calls the app makes (observed on the wire, not faked), to count them in tests.</summary>
public sealed class CheddarCallLog
{
    private readonly ConcurrentQueue<string> _actions = new();

    public int Count(string action) => _actions.Count(a => a == action);

    public sealed class Handler(CheddarCallLog log) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var segments = request.RequestUri?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
            if (segments.Length >= 3 && segments[0] == "xml")
            {
                log._actions.Enqueue($"{segments[1]}/{segments[2]}");
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
