using DemoSaaS.CheddarSandbox.Hosting;
using Microsoft.Extensions.Options;

namespace DemoSaaS.CheddarSandbox.Webhooks;

/// <summary>
/// Where webhook events go: the configured CheddarSandbox:WebhookUrls plus URLs added at runtime
/// (an app that embeds the sandbox only knows its own webhook URL once it has started).
/// Runtime URLs live in memory and survive POST /sandbox/reset.
/// </summary>
public sealed class WebhookEndpointRegistry(IOptions<CheddarSandboxOptions> options)
{
    private readonly Lock _gate = new();
    private readonly List<string> _runtime = [];

    public IReadOnlyList<string> Configured { get; } = options.Value.WebhookUrls.Select(Normalize).OfType<string>().Distinct().ToList();

    public IReadOnlyList<string> Runtime
    {
        get
        {
            lock (_gate)
            {
                return [.. _runtime];
            }
        }
    }

    /// <summary>Every target of a new event, each URL once.</summary>
    public IReadOnlyList<string> All => Configured.Concat(Runtime).Distinct().ToList();

    /// <summary>Adds a runtime URL; false if it was already a target. Throws for anything but an absolute http(s) URL.</summary>
    public bool Add(string url)
    {
        var normalized = Normalize(url) ?? throw new ArgumentException($"'{url}' is not an absolute http or https URL.", nameof(url));
        lock (_gate)
        {
            if (Configured.Contains(normalized) || _runtime.Contains(normalized))
            {
                return false;
            }
            _runtime.Add(normalized);
            return true;
        }
    }

    /// <summary>Removes a runtime URL; false if it is not one (configured URLs cannot be removed).</summary>
    public bool Remove(string url)
    {
        var normalized = Normalize(url);
        if (normalized is null)
        {
            return false;
        }
        lock (_gate)
        {
            return _runtime.Remove(normalized);
        }
    }

    /// <summary>The canonical form of an absolute http(s) URL, or null when <paramref name="url"/> is not one.</summary>
    public static string? Normalize(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host)
            ? uri.AbsoluteUri
            : null;
}
