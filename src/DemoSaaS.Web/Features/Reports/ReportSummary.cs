namespace DemoSaaS.Web.Features.Reports;

/// <summary>A row of the user's report list.</summary>
public sealed record ReportSummary
{
    public required Guid Id { get; init; }

    public required string Title { get; init; }

    public required DateTime CreatedAtUtc { get; init; }

    public required string SourceKind { get; init; }

    public required int RowCount { get; init; }

    public required int ColumnCount { get; init; }
}
