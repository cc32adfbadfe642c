using System.Globalization;
using System.Text;

namespace DemoSaaS.Web.Features.Reports;

/// <summary>Turns pasted text or a CSV into a <see cref="ReportResult"/>, or says clearly why it cannot.</summary>
public static class ReportAnalyzer
{
    // Words so common that they would fill every frequency table.
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "he", "her", "his",
        "i", "if", "in", "is", "it", "its", "not", "of", "on", "or", "she", "so", "that", "the", "their", "them",
        "there", "they", "this", "to", "was", "we", "were", "what", "which", "who", "will", "with", "you", "your",
    };

    /// <exception cref="ReportInputException">The data is empty, too large, binary or malformed.</exception>
    public static ReportResult Analyze(ReportSourceKind kind, string data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data = data.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(data))
        {
            throw new ReportInputException(kind == ReportSourceKind.Csv
                ? "The CSV file is empty."
                : "Paste some text first: there is nothing to report on.");
        }
        if (data.Contains('\0'))
        {
            throw new ReportInputException("This looks like a binary file, not text. Upload a CSV saved as text (UTF-8).");
        }
        return kind switch
        {
            ReportSourceKind.Csv => AnalyzeCsv(data),
            // A pasted table is reported as one; the result says so (ReadAsCsv) so the page can tell the user.
            ReportSourceKind.Text when CsvDetection.LooksLikeCsv(data) => AnalyzeCsv(data) with { PastedTextReadAsCsv = true },
            ReportSourceKind.Text => AnalyzeText(data),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown report source."),
        };
    }

    private static ReportResult AnalyzeText(string text)
    {
        if (text.Length > ReportLimits.MaxPastedCharacters)
        {
            throw new ReportInputException($"The text has {text.Length:N0} characters; the limit is {ReportLimits.MaxPastedCharacters:N0}.");
        }
        var lines = text.Split('\n').Count(l => !string.IsNullOrWhiteSpace(l));
        var (wordCount, topWords) = CountWords([text]);
        return new ReportResult
        {
            Kind = ReportSourceKind.Text,
            RowCount = lines,
            ColumnCount = 0,
            ColumnNames = [],
            NumericColumns = [],
            WordCount = wordCount,
            TopWords = topWords,
        };
    }

    private static ReportResult AnalyzeCsv(string csv)
    {
        var rows = CsvReader.Read(csv);
        var header = rows[0].Select((name, i) => string.IsNullOrWhiteSpace(name) ? $"Column {i + 1}" : name.Trim()).ToArray();
        if (header.Length > ReportLimits.MaxColumns)
        {
            throw new ReportInputException($"The CSV has {header.Length} columns; the limit is {ReportLimits.MaxColumns}.");
        }
        if (rows.Count < 2)
        {
            throw new ReportInputException("The CSV has a header row but no data rows.");
        }
        for (var r = 1; r < rows.Count; r++)
        {
            if (rows[r].Length != header.Length)
            {
                throw new ReportInputException(
                    $"Data row {r} has {rows[r].Length} field{(rows[r].Length == 1 ? "" : "s")}, but the header has {header.Length}. Every row needs the same number of fields.");
            }
        }

        var numeric = new List<NumericColumnStatistics>();
        var textCells = new List<string>();
        for (var c = 0; c < header.Length; c++)
        {
            var cells = rows.Skip(1).Select(row => row[c].Trim()).Where(cell => cell.Length > 0).ToList();
            var numbers = new List<double>(cells.Count);
            foreach (var cell in cells)
            {
                if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
                {
                    numbers.Add(value);
                }
            }
            if (numbers.Count > 0 && numbers.Count == cells.Count)
            {
                numeric.Add(Statistics(header[c], numbers));
            }
            else
            {
                textCells.AddRange(cells);
            }
        }

        var (wordCount, topWords) = CountWords(textCells);
        return new ReportResult
        {
            Kind = ReportSourceKind.Csv,
            RowCount = rows.Count - 1,
            ColumnCount = header.Length,
            ColumnNames = header,
            NumericColumns = numeric,
            WordCount = wordCount,
            TopWords = topWords,
        };
    }

    private static NumericColumnStatistics Statistics(string name, List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        var median = values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        var sum = values.Sum();
        return new NumericColumnStatistics
        {
            Name = name,
            Count = values.Count,
            Min = values[0],
            Max = values[^1],
            Mean = sum / values.Count,
            Median = median,
            Sum = sum,
        };
    }

    private static (int WordCount, IReadOnlyList<WordFrequency> TopWords) CountWords(IEnumerable<string> texts)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        var word = new StringBuilder();
        foreach (var text in texts)
        {
            foreach (var c in text.Append(' '))
            {
                if (char.IsLetterOrDigit(c) || (c == '\'' && word.Length > 0))
                {
                    word.Append(char.ToLowerInvariant(c));
                    continue;
                }
                if (word.Length > 0)
                {
                    var w = word.ToString().TrimEnd('\'');
                    word.Clear();
                    // Bare numbers say little in a word table.
                    if (w.Length == 0 || w.All(char.IsDigit))
                    {
                        continue;
                    }
                    total++;
                    if (!StopWords.Contains(w))
                    {
                        counts[w] = counts.GetValueOrDefault(w) + 1;
                    }
                }
            }
        }
        var top = counts
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Take(ReportLimits.TopWordCount)
            .Select(pair => new WordFrequency { Word = pair.Key, Count = pair.Value })
            .ToList();
        return (total, top);
    }
}
