using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DemoSaaS.E2E.Infrastructure;

/// <summary>
/// The real app with its embedded sandbox on a real Kestrel port, so a real browser can reach it. One is shared by
/// the whole suite (an assembly fixture); a journey that moves the sandbox's clock starts its own.
/// </summary>
public class AppServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"demosaas-e2e-{Guid.NewGuid():N}.db");

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>The circuits the server holds now, by user (a paused tab holds none).</summary>
    public ServerCircuits Circuits => Services.GetRequiredService<ServerCircuits>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        builder.UseSetting("ConnectionStrings:DefaultConnection", $"DataSource={_databasePath}");
        // The embedded sandbox keeps its state in memory, so parallel hosts never share or leave a database.
        builder.UseSetting("CheddarSandbox:DatabasePath", ":memory:");
        // Every journey signs up from 127.0.0.1; the per-address signup limit is for the internet, not for one test run.
        builder.UseSetting("Signup:PermitsPerMinute", "1000");
        // Likewise every journey logs in from 127.0.0.1 (the lockout journey alone posts six passwords); the login
        // limit itself is proven by the web tests' rate-limit checks.
        builder.UseSetting("Security:CredentialPermitsPerMinute", "1000");
        // Warnings and errors only: a green run's log should be short enough that a failure's message stands out.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        // A hidden tab pauses its circuit after 2 s instead of a minute, so the pause journey need not wait.
        builder.UseSetting("Circuits:PauseHiddenAfter", "00:00:02");
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ServerCircuits>();
            services.AddScoped<CircuitHandler, ServerCircuitRecorder>();
        });
    }

    public ValueTask InitializeAsync()
    {
        // A port-0 URL setting (ConfigureWebHost) instead of UseKestrel(0): with a port, the factory rewrites the
        // server's addresses after the host is built, which races the app's own start and throws when the app wins.
        UseKestrel();
        StartServer();
        BaseAddress = ClientOptions.BaseAddress;
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm", _databasePath + ".lock" })
        {
            File.Delete(file);
        }
    }
}
