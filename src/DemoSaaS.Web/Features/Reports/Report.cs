namespace DemoSaaS.Web.Features.Reports;

/// <summary>A report a user generated from pasted or uploaded text/CSV; saved and listed per user.</summary>
public sealed class Report
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The owner's Identity user id (also their Cheddar customer code).</summary>
    public required string UserId { get; set; }

    public required string Title { get; set; }

    /// <summary>UTC; SQLite stores DateTime reliably and orders it correctly.</summary>
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>"text" or "csv".</summary>
    public required string SourceKind { get; set; }

    /// <summary>The data the report was made from, kept so it can be re-rendered and exported.</summary>
    public required string SourceText { get; set; }

    public int RowCount { get; set; }

    public int ColumnCount { get; set; }

    /// <summary>The computed statistics as JSON (shape owned by the Reports feature).</summary>
    public required string ResultJson { get; set; }
}
