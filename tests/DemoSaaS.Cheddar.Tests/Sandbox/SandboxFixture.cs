using DemoSaaS.CheddarSandbox.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Cheddar.Tests.Sandbox;

/// <summary>
/// The real sandbox on a loopback port (in-memory database) and our client registered with <c>AddCheddar</c>
/// against it, exactly as an app would. One per test class.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public const string WebhookSecret = "client-tests-webhook-secret";

    private CheddarSandboxHost? _sandbox;
    private ServiceProvider? _services;

    public CheddarSandboxHost Sandbox => _sandbox ?? throw new InvalidOperationException("The sandbox is not started.");

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("The client is not built.");

    public ICheddarPlans Plans => Services.GetRequiredService<ICheddarPlans>();
    public ICheddarCustomers Customers => Services.GetRequiredService<ICheddarCustomers>();
    public ICheddarTrackedItems TrackedItems => Services.GetRequiredService<ICheddarTrackedItems>();
    public ICheddarInvoices Invoices => Services.GetRequiredService<ICheddarInvoices>();
    public ICheddarPromotions Promotions => Services.GetRequiredService<ICheddarPromotions>();

    /// <summary>A plain HttpClient on the sandbox for its control endpoints (/sandbox/*).</summary>
    public HttpClient CreateControlClient() => new() { BaseAddress = Sandbox.BaseAddress };

    public async ValueTask InitializeAsync()
    {
        _sandbox = await CheddarSandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["CheddarSandbox:DatabasePath"] = ":memory:",
            ["CheddarSandbox:WebhookSecret"] = WebhookSecret,
        });
        _services = BuildClient(_sandbox.BaseAddress);
    }

    /// <summary>Our client as an app registers it, with small retry delays so resilience tests stay fast.</summary>
    public static ServiceProvider BuildClient(Uri baseAddress, Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cheddar:BaseUrl"] = baseAddress.ToString(),
            ["Cheddar:ProductCode"] = "DEMOSAAS",
            ["Cheddar:Username"] = "sandbox@demosaas.local",
            ["Cheddar:Password"] = "sandbox",
            ["Cheddar:Timeout"] = "00:00:20",
            ["Cheddar:AttemptTimeout"] = "00:00:05",
            ["Cheddar:MaxRetryAttempts"] = "2",
            ["Cheddar:RetryBaseDelay"] = "00:00:00.050",
            ["Cheddar:WebhookSecret"] = WebhookSecret,
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddCheddar(configuration).BuildServiceProvider();
        services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        return services;
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }
}
