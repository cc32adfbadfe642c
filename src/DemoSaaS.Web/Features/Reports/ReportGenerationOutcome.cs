using DemoSaaS.Web.Features.Billing;

namespace DemoSaaS.Web.Features.Reports;

/// <summary>Either a saved report, or why none was made (bad input, or the access decision that denied it).</summary>
public sealed record ReportGenerationOutcome
{
    public Report? Report { get; init; }

    public ReportResult? Result { get; init; }

    /// <summary>The access decision taken for this report (input is read only when it allowed the report).</summary>
    public AccessDecision? Decision { get; init; }

    /// <summary>Why the input cannot become a report.</summary>
    public string? InputError { get; init; }

    public bool Succeeded => Report is not null;
}
