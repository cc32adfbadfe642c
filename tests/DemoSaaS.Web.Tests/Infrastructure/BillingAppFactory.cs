using System.Text;
using DemoSaaS.Web.Infrastructure.Cheddar;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace DemoSaaS.Web.Tests.Infrastructure;

/// <summary>
/// The whole app on a real loopback Kestrel port with its embedded sandbox, so Cheddar calls and the sandbox's
/// webhooks travel over real HTTP. Settings tighten the billing timings for tests; pass a database path to run a
/// second app instance on the same data (a restart).
/// </summary>
public sealed class BillingAppFactory : WebApplicationFactory<Program>
{
    private static readonly Dictionary<string, string?> TestDefaults = new()
    {
        ["Billing:RelayInterval"] = "00:00:01",
        ["Billing:RelayCoalesceDelay"] = "00:00:00.150",
        ["Billing:RelayInitialBackoff"] = "00:00:00.200",
        ["Billing:RelayMaxBackoff"] = "00:00:01",
        ["Billing:RelaySettleTime"] = "00:00:01",
        ["Signup:CheddarTimeout"] = "00:00:05",
        ["Signup:SettleTime"] = "00:00:05",
        ["Signup:CleanupInterval"] = "00:00:00.500",
        ["CheddarSandbox:WebhookRetrySchedule"] = "200ms,1s",
        ["CheddarSandbox:DatabasePath"] = ":memory:",
    };

    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsDatabase;

    private readonly Action<IServiceCollection>? _testServices;

    /// <param name="testServices">Extra test registrations (e.g. an EF Core interceptor that observes the app's commands).</param>
    public BillingAppFactory(IReadOnlyDictionary<string, string?>? settings = null, string? databasePath = null, Action<IServiceCollection>? testServices = null)
    {
        _testServices = testServices;
        _settings = new Dictionary<string, string?>(TestDefaults);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        _ownsDatabase = databasePath is null;
        DatabasePath = databasePath ?? NewDatabasePath();
    }

    public string DatabasePath { get; }

    /// <summary>A fresh database name: a SQLite file path, also the key of its PostgreSQL database in a PostgreSQL run.</summary>
    public static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), $"demosaas-billing-test-{Guid.NewGuid():N}.db");

    /// <summary>Starts the app on Kestrel and makes sure the sandbox delivers webhooks to it.</summary>
    public async Task<BillingAppFactory> StartAsync()
    {
        // A port-0 URL setting (ConfigureWebHost) instead of UseKestrel(0): with a port, the factory rewrites the
        // server's addresses after the host is built, which races the app's own start and throws when the app wins.
        UseKestrel();
        StartServer();
        using var sandbox = CreateSandboxClient();
        var webhookUrl = new Uri(ClientOptions.BaseAddress, "webhooks/cheddar");
        using var registered = await sandbox.PostAsync("/sandbox/webhooks/endpoints",
            new StringContent($"{{\"url\":\"{webhookUrl}\"}}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        registered.EnsureSuccessStatusCode();
        return this;
    }

    /// <summary>A client for the sandbox's /sandbox/* control endpoints (faults, clock, webhooks).</summary>
    public HttpClient CreateSandboxClient() =>
        new() { BaseAddress = Services.GetRequiredService<EmbeddedCheddarSandbox>().BaseAddress };

    /// <summary>Injects a sandbox fault (see the sandbox README), e.g. {"path":"customers/new","kind":"hang","count":1}.</summary>
    public async Task AddFaultAsync(string faultJson)
    {
        using var sandbox = CreateSandboxClient();
        using var response = await sandbox.PostAsync("/sandbox/faults",
            new StringContent(faultJson, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public async Task ClearFaultsAsync()
    {
        using var sandbox = CreateSandboxClient();
        using var response = await sandbox.DeleteAsync("/sandbox/faults", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Every Cheddar request the app sent, as <c>section/action</c> (e.g. customers/add-item-quantity).</summary>
    public CheddarCallLog CheddarCalls { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        foreach (var (key, value) in TestDatabase.SettingsFor(DatabasePath))
        {
            builder.UseSetting(key, value);
        }
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.ConfigureAll<HttpClientFactoryOptions>(options =>
                options.HttpMessageHandlerBuilderActions.Add(handlers => handlers.AdditionalHandlers.Add(new CheddarCallLog.Handler(CheddarCalls))));
            _testServices?.Invoke(services);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            DeleteDatabase(DatabasePath);
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Deletes the database named by <paramref name="path"/> (a SQLite file, or its PostgreSQL database: <see cref="TestDatabase"/>).</summary>
    public static void DeleteDatabase(string path) => TestDatabase.Delete(path);
}
