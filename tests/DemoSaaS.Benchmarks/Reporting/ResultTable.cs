using System.Text;

namespace DemoSaaS.Benchmarks.Reporting;

/// <summary>Prints the figures as a Markdown table, ready to paste into the README.</summary>
public static class ResultTable
{
    public static string Format(IEnumerable<Figure> figures)
    {
        var rows = figures.Select(f => new[] { f.Benchmark, f.Name, f.Value, f.Target, Label(f.Verdict) }).ToList();
        string[] header = ["Benchmark", "Figure", "Measured", "Target", "Result"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        AppendRow(text, header, widths);
        text.AppendLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in rows)
        {
            AppendRow(text, row, widths);
        }
        return text.ToString();
    }

    public static string Label(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "PASS",
        Verdict.BelowTarget => "BELOW TARGET",
        Verdict.Info => "info",
        _ => "NOT MEASURED",
    };

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths) =>
        text.AppendLine("| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |");
}
