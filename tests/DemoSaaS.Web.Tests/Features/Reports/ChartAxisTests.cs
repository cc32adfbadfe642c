using System.Globalization;
using DemoSaaS.Web.Features.Reports;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DemoSaaS.Web.Tests.Features.Reports;

/// <summary>The charts' vertical axis ends near the largest value, not at MudBlazor's default 0–20.</summary>
public sealed class ChartAxisTests : BunitContext
{
    public ChartAxisTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Six_words_seen_once_are_drawn_on_a_0_to_1_axis()
    {
        var result = ReportAnalyzer.Analyze(ReportSourceKind.Text, "alpha bravo charlie delta echo foxtrot");

        var cut = Render<ReportView>(p => p.Add(v => v.Result, result));

        Assert.Equal(1, TopOfAxis(cut));
    }

    [Theory]
    [InlineData("word count 3", "one one one two", 3)]
    [InlineData("numbers to 120", "city,visitors\nBerlin,120\nLisbon,80\n", 150)]
    [InlineData("numbers to 4300", "region,sales\nNorth,4300\nSouth,2100\n", 5000)]
    public void The_axis_covers_the_largest_value_without_running_far_past_it(string _, string data, double expectedTop)
    {
        var result = ReportAnalyzer.Analyze(data.Contains(',') ? ReportSourceKind.Csv : ReportSourceKind.Text, data);

        var cut = Render<ReportView>(p => p.Add(v => v.Result, result));

        Assert.Equal(expectedTop, TopOfAxis(cut));
    }

    [Theory]
    [InlineData(new[] { 1.0, 1, 1 }, 1)]
    [InlineData(new[] { 7.0 }, 2)]
    [InlineData(new[] { 120.0, 80 }, 50)]
    [InlineData(new[] { 0.25 }, 1)]
    [InlineData(new double[0], 1)]
    public void Tick_spacing_is_one_two_or_five_times_a_power_of_ten(double[] values, int spacing) =>
        Assert.Equal(spacing, ChartAxis.TickSpacing(values));

    /// <summary>The largest number labelled on the first chart's vertical axis.</summary>
    private static double TopOfAxis(IRenderedComponent<ReportView> cut)
    {
        var labels = cut.FindAll(".mud-chart svg text.y-axis-label, .mud-chart svg .mud-charts-yaxis text")
            .Select(t => double.TryParse(t.TextContent.Trim().Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN)
            .Where(double.IsFinite)
            .ToList();
        Assert.True(labels.Count > 0, "No y-axis labels in:\n" + cut.Find(".mud-chart svg").OuterHtml[..Math.Min(3000, cut.Find(".mud-chart svg").OuterHtml.Length)]);
        return labels.Max();
    }
}
