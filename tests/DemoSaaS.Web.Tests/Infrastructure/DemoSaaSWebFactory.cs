using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DemoSaaS.Web.Tests.Infrastructure;

/// <summary>The whole web app in-process, each factory with its own throwaway database (SQLite, or PostgreSQL: <see cref="TestDatabase"/>).</summary>
public class DemoSaaSWebFactory : WebApplicationFactory<Program>
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"demosaas-test-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in TestDatabase.SettingsFor(_databasePath))
        {
            builder.UseSetting(key, value);
        }
        // The embedded sandbox keeps its state in memory, so parallel hosts never share or leave a database.
        builder.UseSetting("CheddarSandbox:DatabasePath", ":memory:");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        TestDatabase.Delete(_databasePath);
        GC.SuppressFinalize(this);
    }
}
