using System.Collections.Concurrent;
using DemoSaaS.CheddarSandbox.Storage;
using Microsoft.AspNetCore.WebUtilities;

namespace DemoSaaS.Web.Tests.Features.Billing.Invariants;

/// <summary>
/// Observes, on the wire, every call the app makes that can lower a Cheddar quantity (set-item-quantity and
/// remove-item-quantity) together with the quantity the sandbox held just before, so "the app never lowered a
/// quantity" is checked against what really happened rather than against the app's own ledger.
/// </summary>
public sealed class QuantityWriteLog
{
    private readonly ConcurrentQueue<QuantityWrite> _writes = new();

    /// <summary>The sandbox of the app instance running now (replaced at each restart).</summary>
    public CustomerStore? Store { get; set; }

    public IReadOnlyList<QuantityWrite> For(string customerCode) => [.. _writes.Where(w => w.CustomerCode == customerCode)];

    public sealed record QuantityWrite(string Action, string CustomerCode, string ItemCode, decimal? Before, decimal? Requested);

    public sealed class Handler(QuantityWriteLog log) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var segments = request.RequestUri?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
            if (segments.Length >= 3 && segments[0] == "xml" && segments[1] == "customers" && segments[2] is "set-item-quantity" or "remove-item-quantity")
            {
                var code = ValueAfter(segments, "code");
                var item = ValueAfter(segments, "itemCode");
                var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
                var form = QueryHelpers.ParseQuery(body);
                decimal? requested = form.TryGetValue("quantity", out var quantity) && decimal.TryParse(quantity, System.Globalization.CultureInfo.InvariantCulture, out var q) ? q : null;
                decimal? before = null;
                if (log.Store is { } store && code is not null && item is not null)
                {
                    using (await store.ReadLockAsync(cancellationToken))
                    {
                        before = store.FindByCode(code)?.Subscriptions.FirstOrDefault()?.Items.FirstOrDefault(i => i.ItemCode == item)?.Quantity;
                    }
                }
                log._writes.Enqueue(new QuantityWrite(segments[2], code ?? "", item ?? "", before, requested));
            }
            return await base.SendAsync(request, cancellationToken);
        }

        private static string? ValueAfter(string[] segments, string key)
        {
            var index = Array.IndexOf(segments, key, 3);
            return index > 0 && index + 1 < segments.Length ? Uri.UnescapeDataString(segments[index + 1]) : null;
        }
    }
}
