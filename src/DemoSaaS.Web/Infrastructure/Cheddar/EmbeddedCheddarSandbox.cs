using DemoSaaS.CheddarSandbox.Hosting;
using DemoSaaS.CheddarSandbox.Webhooks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Infrastructure.Cheddar;

/// <summary>
/// The local Cheddar sandbox the app runs in-process on its own loopback listener. It starts on first use
/// (the Cheddar client's options need its port) and at the latest when the app starts; once the app listens,
/// the app's webhook URL is registered with it; it stops with the app.
/// </summary>
/// <remarks>
/// It must not start before the app's host is built: WebApplicationFactory captures the first host built
/// while Program runs, and that would be the sandbox's.
/// </remarks>
public sealed class EmbeddedCheddarSandbox : IHostedLifecycleService, IAsyncDisposable
{
    public const string WebhookPath = "/webhooks/cheddar";

    private readonly Lazy<CheddarSandboxHost> _host;
    private readonly IServer _server;
    private readonly ILogger<EmbeddedCheddarSandbox> _logger;
    private int _disposed;

    public EmbeddedCheddarSandbox(
        IReadOnlyDictionary<string, string?> settings,
        string url,
        IServer server,
        ILogger<EmbeddedCheddarSandbox> logger,
        ILoggerFactory loggerFactory,
        IEnumerable<ConfigureEmbeddedCheddarSandbox> configure)
    {
        _server = server;
        _logger = logger;
        _host = new Lazy<CheddarSandboxHost>(() =>
        {
            // The sandbox logs through the app's logging (same providers and levels), so what it writes is seen and checked.
            var host = CheddarSandboxHost.StartAsync(settings, url, sandbox =>
            {
                sandbox.Logging.ClearProviders();
                sandbox.Services.AddSingleton(loggerFactory);
                foreach (var adjust in configure)
                {
                    adjust(sandbox);
                }
            }).GetAwaiter().GetResult();
            _logger.LogInformation(EventIds.SandboxStarted, "Embedded Cheddar sandbox listening on {SandboxUrl}", host.BaseAddress);
            return host;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The sandbox's root URL; Cheddar's API is under <c>/xml/</c>, its controls under <c>/sandbox/</c>.</summary>
    public Uri BaseAddress => _host.Value.BaseAddress;

    /// <summary>The key the sandbox signs webhooks with: <c>CheddarSandbox:WebhookSecret</c>, or the one generated for its data folder.</summary>
    public string WebhookSecret => SandboxServices.GetRequiredService<IOptions<CheddarSandboxOptions>>().Value.WebhookSecret;

    /// <summary>The sandbox's own services (clock, database, webhook registry) for the app's demo seeding and tests.</summary>
    public IServiceProvider SandboxServices => _host.Value.Services;

    /// <summary>The app's own webhook URL the sandbox delivers to, known once the app listens.</summary>
    public Uri? WebhookUrl { get; private set; }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _ = _host.Value;
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var appAddress = _server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (appAddress is null)
        {
            // In-memory test servers have no address; nothing could receive webhooks there.
            _logger.LogWarning(EventIds.NoAppAddress, "The app has no listening address; sandbox webhooks are not registered");
            return Task.CompletedTask;
        }
        WebhookUrl = new Uri(LoopbackAddress(appAddress), WebhookPath.TrimStart('/'));
        _host.Value.Services.GetRequiredService<WebhookEndpointRegistry>().Add(WebhookUrl.AbsoluteUri);
        _logger.LogInformation(EventIds.WebhookRegistered, "Sandbox webhooks go to {WebhookUrl}", WebhookUrl);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _host.IsValueCreated)
        {
            await _host.Value.DisposeAsync();
        }
    }

    /// <summary>Kestrel reports wildcard hosts (http://[::]:5000, http://+:5000); the sandbox calls back on loopback.</summary>
    internal static Uri LoopbackAddress(string serverAddress)
    {
        var normalized = serverAddress.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1");
        var builder = new UriBuilder(normalized);
        if (builder.Host is "0.0.0.0" or "[::]" or "::" or "localhost")
        {
            builder.Host = "127.0.0.1";
        }
        builder.Path = "/";
        return builder.Uri;
    }

    private static class EventIds
    {
        public static readonly EventId SandboxStarted = new(1001, nameof(SandboxStarted));
        public static readonly EventId WebhookRegistered = new(1002, nameof(WebhookRegistered));
        public static readonly EventId NoAppAddress = new(1003, nameof(NoAppAddress));
    }
}
