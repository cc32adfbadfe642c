using System.Collections.Concurrent;

namespace DemoSaaS.Benchmarks.Infrastructure;

/// <summary>
/// The Cheddar API requests the app sent, observed on the wire by a handler added to its HTTP clients (benchmark host
/// only): the action (<c>customers/add-item-quantity</c>), the customer and item codes from the path, and the relay
/// flush that was running when it was sent.
/// </summary>
public sealed class CheddarRequestLog(RelayFlushCounter flushes)
{
    private readonly ConcurrentQueue<CheddarRequest> _requests = new();

    private RelayFlushCounter Flushes { get; } = flushes;

    public IReadOnlyList<CheddarRequest> Requests => _requests.ToArray();

    public int Count(string action) => _requests.Count(r => r.Action == action);

    public DelegatingHandler CreateHandler() => new Handler(this);

    private sealed class Handler(CheddarRequestLog log) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // /xml/customers/add-item-quantity/productCode/P/code/C/itemCode/I
            var segments = request.RequestUri?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
            if (segments.Length >= 3 && segments[0] == "xml")
            {
                log._requests.Enqueue(new CheddarRequest
                {
                    Action = $"{segments[1]}/{segments[2]}",
                    CustomerCode = ValueAfter(segments, "code"),
                    ItemCode = ValueAfter(segments, "itemCode"),
                    Flush = log.Flushes.Current,
                });
            }
            return base.SendAsync(request, cancellationToken);
        }

        private static string? ValueAfter(string[] segments, string key)
        {
            var index = Array.IndexOf(segments, key, 3);
            return index >= 0 && index + 1 < segments.Length ? Uri.UnescapeDataString(segments[index + 1]) : null;
        }
    }
}
