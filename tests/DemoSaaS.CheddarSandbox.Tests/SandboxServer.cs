using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>The real sandbox on a real Kestrel port on loopback, one per test class.</summary>
public sealed class SandboxServer : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = default!;

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddCheddarSandbox(builder.Configuration);
        _app = builder.Build();
        _app.MapCheddarSandbox();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
