using System.Globalization;
using System.Text;

namespace DemoSaaS.Web.Features.Reports;

/// <summary>Writes a report's statistics as a CSV a spreadsheet opens directly.</summary>
public static class ReportCsvExporter
{
    public static byte[] Export(Report report, ReportResult result)
    {
        var csv = new StringBuilder();
        Line("Report", report.Title);
        Line("Created (UTC)", report.CreatedAtUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        Line("Source", report.SourceKind);
        Line(result.Kind == ReportSourceKind.Csv ? "Rows" : "Lines", Number(result.RowCount));
        if (result.Kind == ReportSourceKind.Csv)
        {
            Line("Columns", Number(result.ColumnCount));
        }
        Line("Words", Number(result.WordCount));

        if (result.NumericColumns.Count > 0)
        {
            csv.Append("\r\n");
            Line("Column", "Count", "Min", "Max", "Mean", "Median", "Sum");
            foreach (var column in result.NumericColumns)
            {
                Line(column.Name, Number(column.Count), Number(column.Min), Number(column.Max), Number(column.Mean), Number(column.Median), Number(column.Sum));
            }
        }
        if (result.TopWords.Count > 0)
        {
            csv.Append("\r\n");
            Line("Word", "Count");
            foreach (var word in result.TopWords)
            {
                Line(word.Word, Number(word.Count));
            }
        }
        // A BOM so spreadsheet programs read UTF-8 rather than the local code page.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];

        void Line(params string[] cells) => csv.Append(string.Join(',', cells.Select(Escape))).Append("\r\n");
    }

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string cell)
    {
        // Text from the user that a spreadsheet would run as a formula is neutralised (CSV injection).
        if (cell.Length > 0 && "=+-@\t\r".Contains(cell[0]) && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            cell = "'" + cell;
        }
        return cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell;
    }
}
