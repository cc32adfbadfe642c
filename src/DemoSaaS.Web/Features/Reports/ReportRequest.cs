namespace DemoSaaS.Web.Features.Reports;

/// <summary>What the user submitted on the Reports page.</summary>
public sealed record ReportRequest
{
    /// <summary>Optional; a default is derived from the file name or the kind.</summary>
    public string? Title { get; init; }

    public required ReportSourceKind Kind { get; init; }

    public required string Data { get; init; }

    /// <summary>The uploaded file's name, for the default title.</summary>
    public string? FileName { get; init; }
}
