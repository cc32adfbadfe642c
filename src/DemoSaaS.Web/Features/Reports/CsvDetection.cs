namespace DemoSaaS.Web.Features.Reports;

/// <summary>
/// Whether text pasted as "text" is really a table, so a pasted spreadsheet is reported as columns instead of as a
/// word count of its cells. Deliberately strict — prose with a comma or two must stay prose.
/// </summary>
public static class CsvDetection
{
    /// <summary>Cells longer than this are sentences, not table cells.</summary>
    private const int MaxCellLength = 100;

    /// <summary>
    /// True when the text reads as CSV (comma, semicolon or tab, as <see cref="CsvReader"/> reads it) with a header
    /// and at least one data row, every line the same number (2 or more) of fields, short cells, and either a column
    /// whose data cells are all numbers or at least two data rows.
    /// </summary>
    public static bool LooksLikeCsv(string text)
    {
        IReadOnlyList<string[]> rows;
        try
        {
            rows = CsvReader.Read(text);
        }
        catch (ReportInputException)
        {
            return false;
        }
        rows = [.. rows.Where(row => row.Any(cell => !string.IsNullOrWhiteSpace(cell)))];
        if (rows.Count < 2 || rows[0].Length < 2 || rows.Any(row => row.Length != rows[0].Length))
        {
            return false;
        }
        if (rows.SelectMany(row => row).Any(cell => cell.Trim().Length > MaxCellLength))
        {
            return false;
        }
        var data = rows.Skip(1).ToList();
        var hasNumericColumn = Enumerable.Range(0, rows[0].Length).Any(c =>
            data.All(row => double.TryParse(row[c].Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)));
        return hasNumericColumn || data.Count >= 2;
    }
}
