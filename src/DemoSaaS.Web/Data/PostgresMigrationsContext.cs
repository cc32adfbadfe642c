using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DemoSaaS.Web.Data;

/// <summary>
/// The app's model as PostgreSQL migrations see it (<c>Data/Migrations/Postgres</c>); see <see cref="SqliteMigrationsContext"/>.
/// </summary>
public sealed class PostgresMigrationsContext(DbContextOptions<PostgresMigrationsContext> options) : ApplicationDbContext(options);

/// <summary>
/// For <c>dotnet ef migrations add … --context PostgresMigrationsContext --output-dir Data/Migrations/Postgres</c>.
/// Adding a migration never connects; the connection string only names the provider.
/// </summary>
internal sealed class PostgresMigrationsContextFactory : IDesignTimeDbContextFactory<PostgresMigrationsContext>
{
    public PostgresMigrationsContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresMigrationsContext>().UseNpgsql("Host=127.0.0.1;Database=design_time").UseIdentitySchema().Options);
}
