using DemoSaaS.Web.Features.Reports;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DemoSaaS.Web.Tests.Features.Reports;

/// <summary>CSV pasted into "Paste text" is reported as a table, and the report says it was read that way.</summary>
public sealed class PastedCsvDetectionTests : BunitContext
{
    public PastedCsvDetectionTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void A_table_pasted_as_text_shows_its_columns_and_a_note_that_it_was_read_as_csv()
    {
        var result = ReportAnalyzer.Analyze(ReportSourceKind.Text, "city,visitors\nBerlin,120\nLisbon,80\nOslo,45\n");

        var cut = Render<ReportView>(p => p.Add(v => v.Result, result));

        Assert.Equal("3", cut.Find("[data-testid=row-count]").TextContent);
        Assert.Equal("2", cut.Find("[data-testid=column-count]").TextContent);
        var visitors = cut.Find("[data-testid=numeric-column]").Children.Select(cell => cell.TextContent).ToArray();
        Assert.Equal(["visitors", "3", "45", "120", "81.6667", "80", "245"], visitors);
        Assert.Contains("read as CSV", cut.Find("[data-testid=read-as-csv]").TextContent);
    }

    [Theory]
    [InlineData("Hello, world. This is a sentence with a comma, or two.")]
    [InlineData("Dear team, thanks for the report.\nBest regards, Ada")]
    [InlineData("one line only,with,commas")]
    [InlineData("name,notes\nAda,\"This cell is a whole paragraph of prose that goes on and on for far longer than any table cell would, well past a hundred characters.\"")]
    public void Prose_with_commas_stays_a_word_count(string text)
    {
        var result = ReportAnalyzer.Analyze(ReportSourceKind.Text, text);

        var cut = Render<ReportView>(p => p.Add(v => v.Result, result));

        Assert.Equal(ReportSourceKind.Text, result.Kind);
        Assert.Empty(cut.FindAll("[data-testid=read-as-csv]"));
        Assert.Empty(cut.FindAll("[data-testid=column-count]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=top-word]"));
    }

    [Fact]
    public void Semicolon_and_tab_separated_tables_are_recognised_too()
    {
        Assert.True(CsvDetection.LooksLikeCsv("month;orders\n2026-10;19\n2026-11;23"));
        Assert.True(CsvDetection.LooksLikeCsv("team\topen\nBilling\t3"));
    }
}
