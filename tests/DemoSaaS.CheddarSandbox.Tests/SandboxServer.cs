using DemoSaaS.CheddarSandbox.Hosting;

namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>The real sandbox on a real Kestrel port on loopback with an in-memory database, one per test class.</summary>
public sealed class SandboxServer : IAsyncLifetime
{
    private CheddarSandboxHost? _host;

    public Uri BaseAddress => _host!.BaseAddress;

    public IServiceProvider Services => _host!.Services;

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    public async ValueTask InitializeAsync()
    {
        _host = await CheddarSandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["CheddarSandbox:DatabasePath"] = ":memory:",
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
