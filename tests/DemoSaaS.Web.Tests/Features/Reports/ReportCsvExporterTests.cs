using System.Text;
using DemoSaaS.Web.Features.Reports;

namespace DemoSaaS.Web.Tests.Features.Reports;

public sealed class ReportCsvExporterTests
{
    [Fact]
    public void Export_lists_the_summary_the_numeric_columns_and_the_words_and_neutralises_formulas()
    {
        var data = "label,value\n=HYPERLINK(\"x\"),-3\n\"Tom, Ann\",5\n";
        var result = ReportAnalyzer.Analyze(ReportSourceKind.Csv, data);
        var report = new Report
        {
            UserId = "u1", Title = "Sales, \"Q4\"", SourceKind = "csv", SourceText = data, ResultJson = "{}",
            CreatedAtUtc = new DateTime(2026, 11, 26, 18, 0, 0, DateTimeKind.Utc),
        };

        var bytes = ReportCsvExporter.Export(report, result);
        var csv = Encoding.UTF8.GetString(bytes.AsSpan(3));

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.StartsWith("Report,\"Sales, \"\"Q4\"\"\"\r\nCreated (UTC),2026-11-26 18:00:00\r\nSource,csv\r\nRows,2\r\nColumns,2\r\n", csv);
        Assert.Contains("Column,Count,Min,Max,Mean,Median,Sum\r\nvalue,2,-3,5,1,1,2\r\n", csv);
        Assert.Contains("Word,Count\r\n", csv);
        Assert.DoesNotContain("\n=HYPERLINK", csv);
    }
}
