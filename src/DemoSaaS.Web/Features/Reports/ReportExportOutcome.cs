using DemoSaaS.Web.Features.Billing;

namespace DemoSaaS.Web.Features.Reports;

/// <summary>An export's CSV file, or why there is none.</summary>
public sealed record ReportExportOutcome
{
    public byte[]? Csv { get; init; }

    public string? FileName { get; init; }

    public AccessDecision? Decision { get; init; }

    /// <summary>No such report for this user (another user's report is "not found" too).</summary>
    public bool NotFound { get; init; }

    public bool Succeeded => Csv is not null;
}
