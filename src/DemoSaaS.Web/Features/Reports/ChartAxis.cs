namespace DemoSaaS.Web.Features.Reports;

/// <summary>
/// The vertical axis of a report chart, scaled to its data: MudBlazor's default tick spacing of 20 draws six bars
/// of height 1 as slivers on a 0–20 axis. Ticks are 1, 2 or 5 × a power of ten, at most about five of them.
/// </summary>
public static class ChartAxis
{
    /// <summary>The spacing between ticks for values up to <paramref name="values"/>' largest (whole numbers; at least 1).</summary>
    public static int TickSpacing(IEnumerable<double> values)
    {
        var max = values.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        if (max <= 5)
        {
            return 1;
        }
        var raw = max / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        return (int)Math.Min(int.MaxValue / 2, Math.Max(1, Math.Ceiling(step)));
    }
}
