namespace DemoSaaS.Web.Features.Reports;

/// <summary>The statistics of one report; saved as JSON in <see cref="Report.ResultJson"/>.</summary>
public sealed record ReportResult
{
    public required ReportSourceKind Kind { get; init; }

    /// <summary>Data rows of a CSV (header excluded), or non-empty lines of a text.</summary>
    public required int RowCount { get; init; }

    /// <summary>Columns of a CSV; 0 for a text.</summary>
    public required int ColumnCount { get; init; }

    /// <summary>Column names of a CSV in order; empty for a text.</summary>
    public required IReadOnlyList<string> ColumnNames { get; init; }

    public required IReadOnlyList<NumericColumnStatistics> NumericColumns { get; init; }

    /// <summary>All words counted (text, or the non-numeric cells of a CSV).</summary>
    public required int WordCount { get; init; }

    /// <summary>Text pasted as "text" that <see cref="CsvDetection"/> recognised as a table and analysed as CSV.</summary>
    public bool PastedTextReadAsCsv { get; init; }

    /// <summary>The most frequent words, most frequent first.</summary>
    public required IReadOnlyList<WordFrequency> TopWords { get; init; }
}
