using DemoSaaS.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.Web.Tests.Infrastructure;

/// <summary>A private in-memory SQLite database with the app's schema, for component tests of pages that save.</summary>
public sealed class ReportsDatabase : IDbContextFactory<ApplicationDbContext>, IDisposable
{
    private readonly SqliteConnection _connection = new("DataSource=:memory:");
    private readonly DbContextOptions<ApplicationDbContext> _options;

    public ReportsDatabase()
    {
        _connection.Open();
        _options = new DbContextOptionsBuilder<ApplicationDbContext>().UseSqlite(_connection).Options;
        using var db = CreateDbContext();
        db.Database.EnsureCreated();
    }

    public ApplicationDbContext CreateDbContext() => new(_options);

    /// <summary>Adds a user row (reports reference their owner) and returns its id.</summary>
    public string AddUser(string email)
    {
        using var db = CreateDbContext();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        db.Users.Add(user);
        db.SaveChanges();
        return user.Id;
    }

    public void Dispose() => _connection.Dispose();
}
