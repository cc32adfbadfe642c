using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DemoSaaS.Web.Tests.Infrastructure;

/// <summary>The whole web app in-process, each factory with its own throwaway SQLite database.</summary>
public class DemoSaaSWebFactory : WebApplicationFactory<Program>
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"demosaas-test-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:DefaultConnection", $"DataSource={_databasePath}");
        // The embedded sandbox keeps its state in memory, so parallel hosts never share or leave a database.
        builder.UseSetting("CheddarSandbox:DatabasePath", ":memory:");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm", _databasePath + ".lock" })
        {
            File.Delete(file);
        }
        GC.SuppressFinalize(this);
    }
}
