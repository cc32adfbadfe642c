using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DemoSaaS.Web.Data;

/// <summary>
/// The app's model as SQLite migrations see it: <c>Data/Migrations/Sqlite</c> belongs to this type, so the two
/// providers' migrations live side by side in one assembly over one model. The app itself uses
/// <see cref="ApplicationDbContext"/>; only the migrate step and <c>dotnet ef</c> use this.
/// </summary>
public sealed class SqliteMigrationsContext(DbContextOptions<SqliteMigrationsContext> options) : ApplicationDbContext(options);

/// <summary>For <c>dotnet ef migrations add … --context SqliteMigrationsContext --output-dir Data/Migrations/Sqlite</c>.</summary>
internal sealed class SqliteMigrationsContextFactory : IDesignTimeDbContextFactory<SqliteMigrationsContext>
{
    public SqliteMigrationsContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteMigrationsContext>().UseSqlite("DataSource=design-time.db").UseIdentitySchema().Options);
}
