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
}
