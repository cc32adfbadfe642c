using System.Net.Http.Headers;
using System.Text;
using DemoSaaS.CheddarSandbox.Hosting;
using Microsoft.Data.Sqlite;

namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>
/// The real sandbox on loopback with a SQLite file, as it runs by default (WAL, pooled connections, documents kept in
/// memory), one per test class: the in-memory database of <see cref="SandboxServer"/> takes another path through storage.
/// </summary>
public sealed class FileDatabaseSandbox : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cheddar-sandbox-tests-").FullName;
    private CheddarSandboxHost? _host;

    public string DatabasePath => Path.Combine(_folder, "cheddar-sandbox.db");

    public CheddarHttp CreateCheddar()
    {
        var client = new HttpClient { BaseAddress = _host!.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sandbox@demosaas.local:sandbox")));
        return new CheddarHttp(client);
    }

    public async ValueTask InitializeAsync()
    {
        _host = await CheddarSandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["CheddarSandbox:DatabasePath"] = DatabasePath,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS's temp cleanup.
        }
    }
}
