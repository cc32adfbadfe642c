namespace DemoSaaS.Web.Features.Reports;

/// <summary>What the user gave us; stored in <see cref="Report.SourceKind"/> as "text" or "csv".</summary>
public enum ReportSourceKind
{
    Text,
    Csv,
}
