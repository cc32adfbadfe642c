using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DemoSaaS.CheddarSandbox.Hosting;

/// <summary>
/// A running sandbox on its own loopback Kestrel listener. Used by the standalone program, by the web app
/// when it embeds the sandbox (so the Cheddar client still talks real HTTP), and by tests.
/// </summary>
public sealed class CheddarSandboxHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CheddarSandboxHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Root URL, e.g. http://127.0.0.1:5080/ (Cheddar's API is under /xml/).</summary>
    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a sandbox. <paramref name="url"/> defaults to a free loopback port.</summary>
    public static async Task<CheddarSandboxHost> StartAsync(
        IEnumerable<KeyValuePair<string, string?>>? settings = null,
        string url = "http://127.0.0.1:0",
        Action<WebApplicationBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.WebHost.UseUrls(url);
        builder.Services.AddCheddarSandbox(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapCheddarSandbox();
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CheddarSandboxHost(app, CallableAddress(address));
    }

    /// <summary>
    /// The address to call a listener on from this machine: one bound to every interface (<c>http://0.0.0.0:5080</c>,
    /// <c>http://[::]:5080</c>) is called on loopback, where its control endpoints answer too.
    /// </summary>
    internal static Uri CallableAddress(string serverAddress)
    {
        var builder = new UriBuilder(serverAddress.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1"));
        if (builder.Host is "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = "127.0.0.1";
        }
        builder.Path = "/";
        return builder.Uri;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
