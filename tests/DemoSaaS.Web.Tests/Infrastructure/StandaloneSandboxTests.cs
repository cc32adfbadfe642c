using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.CheddarSandbox.Hosting;
using DemoSaaS.Web.Infrastructure.Cheddar;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Tests.Infrastructure;

/// <summary>
/// Several instances need one Cheddar sandbox: with Cheddar:SandboxUrl (and Mode=Sandbox) the app uses the standalone
/// sandbox already running there instead of embedding its own, with the webhook key given in configuration.
/// </summary>
public sealed class StandaloneSandboxTests : IAsyncLifetime
{
    private const string WebhookSecret = "standalone-test-webhook-key-0123456789";

    private CheddarSandboxHost _sandbox = default!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _sandbox = await CheddarSandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["CheddarSandbox:DatabasePath"] = ":memory:",
            ["CheddarSandbox:WebhookSecret"] = WebhookSecret,
        }, cancellationToken: Cancel);

    public async ValueTask DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task With_a_sandbox_URL_the_app_embeds_no_sandbox_and_its_customers_live_at_the_standalone_one()
    {
        await using var app = new DemoSaaSWebFactory().WithWebHostBuilder(builder => builder
            .UseSetting("Cheddar:SandboxUrl", _sandbox.BaseAddress.ToString())
            .UseSetting("Cheddar:WebhookSecret", WebhookSecret));
        var code = Guid.NewGuid().ToString();

        await app.Services.GetRequiredService<ICheddarCustomers>().CreateAsync(new NewCustomerRequest
        {
            Code = code,
            FirstName = "Shared",
            LastName = "Sandbox",
            Email = $"{code}@example.com",
            Subscription = new NewSubscriptionRequest { PlanCode = "FREE" },
        }, Cancel);

        Assert.Null(app.Services.GetService<EmbeddedCheddarSandbox>());
        var cheddar = app.Services.GetRequiredService<IOptions<CheddarOptions>>().Value;
        Assert.Equal(_sandbox.BaseAddress, cheddar.BaseUrl);
        Assert.Equal(WebhookSecret, cheddar.WebhookSecret);
        // A second client of the same standalone sandbox (another instance) sees the customer.
        var services = new ServiceCollection();
        new SandboxFixtureClient(_sandbox.BaseAddress).AddTo(services);
        await using var other = services.BuildServiceProvider();
        Assert.NotNull(await other.GetRequiredService<ICheddarCustomers>().FindAsync(code, Cancel));
    }

    [Fact]
    public void Without_a_webhook_key_the_app_refuses_a_standalone_sandbox_and_says_why_in_one_line()
    {
        using var app = new DemoSaaSWebFactory().WithWebHostBuilder(builder => builder
            .UseSetting("Cheddar:SandboxUrl", _sandbox.BaseAddress.ToString()));

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        var message = error is InvalidOperationException { Message: var m } && m.StartsWith("Cheddar:SandboxUrl", StringComparison.Ordinal)
            ? m
            : error.InnerException?.Message ?? error.ToString();
        Assert.StartsWith("Cheddar:SandboxUrl is set, so Cheddar:WebhookSecret must be set too", message);
        Assert.DoesNotContain('\n', message);
    }

    /// <summary>The Cheddar client another process would configure for the standalone sandbox (its default credentials).</summary>
    private sealed class SandboxFixtureClient(Uri baseUrl)
    {
        public void AddTo(IServiceCollection services)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Cheddar:BaseUrl"] = baseUrl.ToString(),
                ["Cheddar:ProductCode"] = "DEMOSAAS",
                ["Cheddar:Username"] = "sandbox@demosaas.local",
                ["Cheddar:Password"] = "sandbox",
            }).Build();
            services.AddLogging();
            services.AddCheddar(configuration);
        }
    }
}
