using DemoSaaS.CheddarSandbox.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Infrastructure;

/// <summary>A real Cheddar sandbox on a loopback port with an in-memory database, for component tests that read Cheddar.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public CheddarSandboxHost Sandbox { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        Sandbox = await CheddarSandboxHost.StartAsync(
            new Dictionary<string, string?> { ["CheddarSandbox:DatabasePath"] = ":memory:" },
            cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>Registers the real Cheddar client, pointed at this sandbox (or at <paramref name="baseUrl"/>).</summary>
    public void AddCheddarClient(IServiceCollection services, Uri? baseUrl = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cheddar:BaseUrl"] = (baseUrl ?? Sandbox.BaseAddress).ToString(),
            ["Cheddar:ProductCode"] = "DEMOSAAS",
            ["Cheddar:Username"] = "sandbox@demosaas.local",
            ["Cheddar:Password"] = "sandbox",
            ["Cheddar:MaxRetryAttempts"] = "0",
        }).Build();
        services.AddLogging();
        services.AddCheddar(configuration);
    }

    public async ValueTask DisposeAsync() => await Sandbox.DisposeAsync();
}
