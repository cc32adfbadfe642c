using System.Text;

namespace DemoSaaS.Web.Features.Reports;

/// <summary>
/// Reads RFC 4180 CSV: quoted fields with doubled quotes and line breaks, CRLF or LF. The delimiter
/// (comma, semicolon or tab) is the one the header line uses most, as spreadsheets export all three.
/// </summary>
public static class CsvReader
{
    private static readonly char[] Delimiters = [',', ';', '\t'];

    public static IReadOnlyList<string[]> Read(string text)
    {
        var delimiter = DetectDelimiter(text);
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var line = 1;
        var quoteStartLine = 0;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }
                    field.Append(c);
                }
                continue;
            }

            if (c == '"' && field.Length == 0)
            {
                inQuotes = true;
                quoteStartLine = line;
            }
            else if (c == delimiter)
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' || c == '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                line++;
                EndRow();
            }
            else
            {
                field.Append(c);
            }
        }
        if (inQuotes)
        {
            throw new ReportInputException($"Line {quoteStartLine} opens a quoted field that is never closed.");
        }
        EndRow();
        return rows;

        void EndRow()
        {
            row.Add(field.ToString());
            field.Clear();
            // Blank lines (often a trailing newline) separate nothing.
            if (!(row.Count == 1 && row[0].Length == 0))
            {
                rows.Add([.. row]);
                if (rows.Count > ReportLimits.MaxRows + 1)
                {
                    throw new ReportInputException($"The CSV has more than {ReportLimits.MaxRows:N0} data rows; split it into smaller files.");
                }
            }
            row.Clear();
        }
    }

    private static char DetectDelimiter(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        var header = end < 0 ? text : text[..end];
        return Delimiters
            .Select(d => (Delimiter: d, Count: header.Count(c => c == d)))
            .OrderByDescending(x => x.Count)
            .First(x => x.Count > 0 || x.Delimiter == ',')
            .Delimiter;
    }
}
