using System.ComponentModel.DataAnnotations;

namespace DemoSaaS.Web.Data;

/// <summary>
/// <c>Database:*</c>. The connection string is <c>ConnectionStrings:DefaultConnection</c> for either provider: a SQLite
/// <c>DataSource=…</c> or an Npgsql <c>Host=…;Database=…</c> string.
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    [Required(ErrorMessage = "ConnectionStrings:DefaultConnection is not configured.")]
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// The settings as registration reads them, before the container exists (which services to add depends on the
    /// provider); the app's code reads <c>IOptions&lt;DatabaseOptions&gt;</c>, bound from the same keys.
    /// </summary>
    public static DatabaseOptions Read(IConfiguration configuration)
    {
        var settings = configuration.GetSection(SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        settings.ConnectionString = configuration.GetConnectionString("DefaultConnection")
            ?? throw new InvalidOperationException("Connection string 'ConnectionStrings:DefaultConnection' is not configured.");
        return settings;
    }
}
