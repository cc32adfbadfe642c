using System.Text;
using DemoSaaS.Benchmarks.Memory;
using DemoSaaS.Cheddar;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing.Metering;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Benchmarks.Infrastructure;

/// <summary>
/// The whole web app in this process on a real loopback Kestrel port, with its embedded sandbox (SQLite files in a
/// temp folder, as in the default setup). In-process so that its GC heap can be measured and its Cheddar requests,
/// relay flushes and circuits observed; otherwise configured like the product (only <paramref name="settings"/> differ:
/// e.g. <c>Database:Provider</c> = Postgres with its connection string, or a <see cref="StandaloneSandbox"/>'s settings).
/// </summary>
/// <param name="registerWebhook">Registers the app's webhook URL with the sandbox at start. Of several instances behind one
/// balancer, only one registers: the sandbox then delivers each event once, as through the balancer.</param>
public sealed class BenchmarkApp(IReadOnlyDictionary<string, string?>? settings = null, bool registerWebhook = true) : WebApplicationFactory<Program>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("demosaas-bench-").FullName;

    public RelayFlushCounter Flushes { get; } = new();

    /// <summary>Replaces the app's PRAGMA synchronous on its connections while set (metering's comparison rows).</summary>
    public SynchronousOverride Synchronous { get; } = new();

    /// <summary>The app's SQLite file.</summary>
    public string DatabasePath => Path.Combine(_folder, "demosaas.db");

    public CircuitCounter Circuits { get; } = new();

    /// <summary>SQL commands the app's EF Core contexts sent (relay and gating included).</summary>
    public DbCommandCounter DatabaseCommands { get; } = new();

    public CheddarRequestLog CheddarRequests => _cheddarRequests ??= new CheddarRequestLog(Flushes);

    private CheddarRequestLog? _cheddarRequests;

    public Uri BaseAddress => ClientOptions.BaseAddress;

    /// <summary>The Cheddar sandbox the app talks to: its embedded one, or the standalone one it was pointed at.</summary>
    public Uri SandboxAddress => Services.GetRequiredService<IOptions<CheddarOptions>>().Value.BaseUrl!;

    /// <summary>Starts Kestrel on a free loopback port and registers the app's webhook URL with the sandbox.</summary>
    public async Task<BenchmarkApp> StartAsync(CancellationToken cancellationToken)
    {
        // A port-0 URL setting (ConfigureWebHost) instead of UseKestrel(0): with a port, the factory rewrites the
        // server's addresses after the host is built, which races the app's own start and throws when the app wins.
        UseKestrel();
        StartServer();
        if (!registerWebhook)
        {
            return this;
        }
        using var sandbox = CreateSandboxClient();
        await PostJsonAsync(sandbox, "/sandbox/webhooks/endpoints", $"{{\"url\":\"{new Uri(BaseAddress, "webhooks/cheddar")}\"}}", cancellationToken);
        return this;
    }

    /// <summary>A client for the sandbox's /sandbox/* control endpoints.</summary>
    public HttpClient CreateSandboxClient() => new() { BaseAddress = SandboxAddress };

    /// <summary>Every later Cheddar call is answered <paramref name="milliseconds"/> late (the sandbox's latency fault).</summary>
    public async Task AddCheddarLatencyAsync(int milliseconds, CancellationToken cancellationToken)
    {
        using var sandbox = CreateSandboxClient();
        await PostJsonAsync(sandbox, "/sandbox/faults", $"{{\"kind\":\"latency\",\"latencyMs\":{milliseconds}}}", cancellationToken);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development, as the tests run it: static assets (blazor.web.js) are served from the build output.
        builder.UseEnvironment("Development");
        // The product's connection string options (appsettings.json: none besides the file), on a temp file.
        builder.UseSetting("ConnectionStrings:DefaultConnection", $"DataSource={DatabasePath}");
        builder.UseSetting("CheddarSandbox:DatabasePath", Path.Combine(_folder, "cheddar-sandbox.db"));
        // Console logging per request would be measured too; warnings and errors still show.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        builder.ConfigureTestServices(services =>
        {
            services.ConfigureAll<HttpClientFactoryOptions>(options =>
                options.HttpMessageHandlerBuilderActions.Add(handlers => handlers.AdditionalHandlers.Add(CheddarRequests.CreateHandler())));
            // Same UsageDelivery, resolved once per relay flush: counting resolutions counts flushes.
            services.AddScoped(provider =>
            {
                Flushes.Started();
                return ActivatorUtilities.CreateInstance<UsageDelivery>(provider);
            });
            services.AddSingleton<CircuitHandler>(Circuits);
            services.ConfigureDbContext<ApplicationDbContext>((_, options) => options.AddInterceptors(Synchronous, DatabaseCommands), ServiceLifetime.Singleton);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a late finalizer; the temp folder is cleaned by the OS.
        }
    }

    private static async Task PostJsonAsync(HttpClient client, string path, string json, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}
