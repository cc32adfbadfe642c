using System.Collections.Concurrent;
using DemoSaaS.Web.Tests.Infrastructure;
using System.Text;
using DemoSaaS.Web.Infrastructure.Cheddar;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DemoSaaS.Web.Tests.Security;

/// <summary>
/// The whole app on a loopback Kestrel port with its embedded sandbox, both on SQLite files in a temp folder (the app
/// on PostgreSQL instead in a PostgreSQL run: <see cref="TestDatabase"/>), every
/// log line at Debug (HttpClient at Trace) captured in memory — what an operator could end up keeping.
/// </summary>
public sealed class SecurityAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;
    private readonly ConfigureEmbeddedCheddarSandbox? _configureSandbox;

    /// <param name="configureSandbox">Applied to the embedded sandbox's host before it is built (e.g. its Kestrel options).</param>
    public SecurityAppFactory(
        IReadOnlyDictionary<string, string?>? settings = null, string environment = "Development", ConfigureEmbeddedCheddarSandbox? configureSandbox = null)
    {
        _environment = environment;
        _configureSandbox = configureSandbox;
        Directory.CreateDirectory(Folder);
        _settings = new Dictionary<string, string?>(TestDatabase.SettingsFor(AppDatabasePath))
        {
            ["CheddarSandbox:DatabasePath"] = SandboxDatabasePath,
            ["CheddarSandbox:WebhookRetrySchedule"] = "200ms,1s",
            ["Signup:CheddarTimeout"] = "00:00:05",
            ["Signup:SettleTime"] = "00:00:05",
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Debug",
            // HttpClient logs request and response headers at Trace.
            ["Logging:LogLevel:System.Net.Http"] = "Trace",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>
    /// What a Production host needs to run the demo sandbox, set explicitly as an operator would have to: the mode,
    /// the allowance to simulate billing outside Development, and the public URL mail links point to.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ProductionDemoSettings { get; } = new Dictionary<string, string?>
    {
        ["Cheddar:Mode"] = "Sandbox",
        ["Cheddar:AllowSandboxOutsideDevelopment"] = "true",
        ["App:PublicBaseUrl"] = "https://demosaas.example/",
    };

    /// <summary>A Production host running the demo sandbox (<see cref="ProductionDemoSettings"/>, then <paramref name="settings"/>).</summary>
    public static SecurityAppFactory ProductionDemo(
        IReadOnlyDictionary<string, string?>? settings = null, ConfigureEmbeddedCheddarSandbox? configureSandbox = null) =>
        new(ProductionDemoSettings.Concat(settings ?? new Dictionary<string, string?>())
            .GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.Last().Value), "Production", configureSandbox);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"demosaas-security-{Guid.NewGuid():N}");

    public string AppDatabasePath => Path.Combine(Folder, "app.db");

    public string SandboxDatabasePath => Path.Combine(Folder, "sandbox.db");

    /// <summary>Every log line the app and its embedded sandbox wrote, with category, message, scopes' state and exception.</summary>
    public ConcurrentQueue<string> LogLines { get; } = new();

    public async Task<SecurityAppFactory> StartAsync()
    {
        // UseKestrel() plus a port-0 URL setting, not UseKestrel(0): with a port, the factory rewrites the server's
        // addresses after the host is built, which races the app's own start (it throws when the app wins).
        UseKestrel();
        StartServer();
        if (Services.GetService<EmbeddedCheddarSandbox>() is { } sandbox)
        {
            using var control = new HttpClient { BaseAddress = sandbox.BaseAddress };
            using var registered = await control.PostAsync("/sandbox/webhooks/endpoints",
                new StringContent($"{{\"url\":\"{new Uri(ClientOptions.BaseAddress, "webhooks/cheddar")}\"}}", Encoding.UTF8, "application/json"),
                TestContext.Current.CancellationToken);
            registered.EnsureSuccessStatusCode();
        }
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_configureSandbox is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(_configureSandbox));
        }
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(new CapturingLoggerProvider(LogLines));
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        TestDatabase.Delete(AppDatabasePath);
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a late background task; the temp folder is reclaimed by the OS.
        }
        GC.SuppressFinalize(this);
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"{category} scope {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The structured values too: a provider that writes JSON would keep them even where the message omits them.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{logLevel} {category} {formatter(state, exception)} {values} {exception}");
        }
    }
}
