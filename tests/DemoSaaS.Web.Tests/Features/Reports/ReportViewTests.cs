using DemoSaaS.Web.Features.Reports;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DemoSaaS.Web.Tests.Features.Reports;

public sealed class ReportViewTests : BunitContext
{
    public ReportViewTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void A_csv_report_shows_counts_a_row_of_statistics_per_numeric_column_and_a_chart()
    {
        var result = ReportAnalyzer.Analyze(ReportSourceKind.Csv, "item,price,qty\npen,1.5,10\nink,2.5,4\npad,4,1\n");

        var cut = Render<ReportView>(p => p.Add(v => v.Result, result));

        Assert.Equal("3", cut.Find("[data-testid=row-count]").TextContent);
        Assert.Equal("3", cut.Find("[data-testid=column-count]").TextContent);
        var rows = cut.FindAll("[data-testid=numeric-column]").Select(r => r.Children.Select(cell => cell.TextContent).ToArray()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["price", "3", "1.5", "4", "2.6667", "2.5", "8"], rows[0]);
        Assert.Equal(["qty", "3", "1", "10", "5", "4", "15"], rows[1]);
        Assert.NotEmpty(cut.FindAll(".mud-chart svg"));
        Assert.Contains("Min, mean, median and max", cut.Markup);
    }

    [Fact]
    public void A_text_report_shows_lines_words_and_a_word_frequency_chart()
    {
        var result = ReportAnalyzer.Analyze(ReportSourceKind.Text, "red green red\nblue red green");

        var cut = Render<ReportView>(p => p.Add(v => v.Result, result));

        Assert.Equal("2", cut.Find("[data-testid=row-count]").TextContent);
        Assert.Equal("6", cut.Find("[data-testid=word-count]").TextContent);
        Assert.Equal(["red3", "green2", "blue1"], cut.FindAll("[data-testid=top-word]").Select(r => r.TextContent.Replace(" ", "")));
        Assert.Empty(cut.FindAll("[data-testid=numeric-columns]"));
        Assert.NotEmpty(cut.FindAll(".mud-chart svg"));
    }
}
