using System.Security.Cryptography;
using DemoSaaS.CheddarSandbox.Hosting;
using Microsoft.Extensions.Logging;

namespace DemoSaaS.Benchmarks.Infrastructure;

/// <summary>
/// One Cheddar sandbox shared by several app instances, as in a deployment (<c>deploy/up.sh</c> starts one): its own
/// loopback listener and SQLite file, in this process. <see cref="AppSettings"/> point an app at it as its "real" Cheddar.
/// </summary>
public sealed class StandaloneSandbox : IAsyncDisposable
{
    private const string ProductCode = "DEMOSAAS";
    private const string Username = "sandbox@demosaas.local";
    private const string Password = "sandbox";
    private readonly CheddarSandboxHost _host;
    private readonly string _folder;
    private readonly string _webhookSecret;

    private StandaloneSandbox(CheddarSandboxHost host, string folder, string webhookSecret)
    {
        _host = host;
        _folder = folder;
        _webhookSecret = webhookSecret;
    }

    public Uri BaseAddress => _host.BaseAddress;

    /// <summary>The Cheddar client settings of an app that uses this sandbox instead of embedding its own.</summary>
    public IReadOnlyDictionary<string, string?> AppSettings => new Dictionary<string, string?>
    {
        ["Cheddar:Mode"] = "Real",
        ["Cheddar:BaseUrl"] = BaseAddress.ToString(),
        ["Cheddar:ProductCode"] = ProductCode,
        ["Cheddar:Username"] = Username,
        ["Cheddar:Password"] = Password,
        ["Cheddar:WebhookSecret"] = _webhookSecret,
    };

    public static async Task<StandaloneSandbox> StartAsync(CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("demosaas-bench-sandbox-").FullName;
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var host = await CheddarSandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["CheddarSandbox:DatabasePath"] = Path.Combine(folder, "cheddar-sandbox.db"),
            ["CheddarSandbox:ProductCode"] = ProductCode,
            ["CheddarSandbox:Username"] = Username,
            ["CheddarSandbox:Password"] = Password,
            ["CheddarSandbox:WebhookSecret"] = secret,
            ["Logging:LogLevel:Default"] = "Warning",
        },
        // As the embedded sandbox logs (Information, two lines per Cheddar call), without routing's per-request lines.
        configure: builder => builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning),
        cancellationToken: cancellationToken);
        return new StandaloneSandbox(host, folder, secret);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
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
}
