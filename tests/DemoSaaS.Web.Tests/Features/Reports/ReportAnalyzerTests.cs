using DemoSaaS.Web.Features.Reports;

namespace DemoSaaS.Web.Tests.Features.Reports;

public sealed class ReportAnalyzerTests
{
    [Fact]
    public void Csv_gives_row_and_column_counts_and_statistics_of_each_numeric_column()
    {
        var result = ReportAnalyzer.Analyze(ReportSourceKind.Csv, "city,sales,returns\nParis,10,1\nLyon,4,0\nNice,7,\nBrest,1.5,3\n");

        Assert.Equal(4, result.RowCount);
        Assert.Equal(3, result.ColumnCount);
        Assert.Equal(["city", "sales", "returns"], result.ColumnNames);
        var sales = Assert.Single(result.NumericColumns, c => c.Name == "sales");
        Assert.Equal((4, 1.5, 10, 22.5 / 4, 5.5, 22.5), (sales.Count, sales.Min, sales.Max, sales.Mean, sales.Median, sales.Sum));
        var returns = Assert.Single(result.NumericColumns, c => c.Name == "returns");
        Assert.Equal((3, 0, 3, 4.0 / 3, 1, 4), (returns.Count, returns.Min, returns.Max, returns.Mean, returns.Median, returns.Sum));
        Assert.DoesNotContain(result.NumericColumns, c => c.Name == "city");
        Assert.Contains(result.TopWords, w => w.Word == "paris" && w.Count == 1);
    }

    [Fact]
    public void Csv_reads_quoted_fields_with_delimiters_quotes_and_line_breaks()
    {
        var result = ReportAnalyzer.Analyze(ReportSourceKind.Csv, "name,note,amount\r\n\"Smith, J\",\"said \"\"hi\"\"\nthen left\",3\r\nDoe,plain,5\r\n");

        Assert.Equal(2, result.RowCount);
        Assert.Equal(3, result.ColumnCount);
        Assert.Equal(8, Assert.Single(result.NumericColumns).Sum);
    }

    [Theory]
    [InlineData("a;b\n1;2\n3;4\n")]
    [InlineData("a\tb\n1\t2\n3\t4\n")]
    public void Csv_with_semicolons_or_tabs_is_read_too(string csv)
    {
        var result = ReportAnalyzer.Analyze(ReportSourceKind.Csv, csv);
        Assert.Equal(2, result.ColumnCount);
        Assert.Equal([4.0, 6.0], result.NumericColumns.Select(c => c.Sum));
    }

    [Fact]
    public void Text_gives_lines_words_and_the_most_frequent_words_without_stop_words()
    {
        var result = ReportAnalyzer.Analyze(ReportSourceKind.Text, "The cat sat.\n\nThe cat ran to the cat's bowl!\nDogs bark; cats, too.");

        Assert.Equal(3, result.RowCount);
        Assert.Equal(0, result.ColumnCount);
        Assert.Equal(14, result.WordCount);
        Assert.Equal(new WordFrequency { Word = "cat", Count = 2 }, result.TopWords[0]);
        Assert.DoesNotContain(result.TopWords, w => w.Word is "the" or "to");
        Assert.Contains(result.TopWords, w => w.Word == "cat's");
    }

    [Theory]
    [InlineData(ReportSourceKind.Text, "", "Paste some text first")]
    [InlineData(ReportSourceKind.Text, "  \n\t ", "Paste some text first")]
    [InlineData(ReportSourceKind.Csv, "\uFEFF", "The CSV file is empty.")]
    [InlineData(ReportSourceKind.Csv, "a,b,c\n", "header row but no data rows")]
    [InlineData(ReportSourceKind.Csv, "a,b,c\n1,2,3\n4,5\n", "Data row 2 has 2 fields, but the header has 3")]
    [InlineData(ReportSourceKind.Csv, "a,b\n\"open,2\n", "Line 2 opens a quoted field that is never closed")]
    [InlineData(ReportSourceKind.Csv, "PK\u0003\u0004\0\0binary", "binary file")]
    public void Bad_input_is_refused_with_a_message_saying_why(ReportSourceKind kind, string data, string expected)
    {
        var error = Assert.Throws<ReportInputException>(() => ReportAnalyzer.Analyze(kind, data));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Oversized_input_is_refused_with_the_limit()
    {
        var tooLong = new string('x', ReportLimits.MaxPastedCharacters + 1);
        Assert.Contains("the limit is 100,000", Assert.Throws<ReportInputException>(() => ReportAnalyzer.Analyze(ReportSourceKind.Text, tooLong)).Message);

        var wide = string.Join(',', Enumerable.Range(1, ReportLimits.MaxColumns + 1)) + "\n" + string.Join(',', Enumerable.Range(1, ReportLimits.MaxColumns + 1));
        Assert.Contains("101 columns", Assert.Throws<ReportInputException>(() => ReportAnalyzer.Analyze(ReportSourceKind.Csv, wide)).Message);

        var tall = "n\n" + string.Concat(Enumerable.Repeat("1\n", ReportLimits.MaxRows + 1));
        Assert.Contains("more than 20,000 data rows", Assert.Throws<ReportInputException>(() => ReportAnalyzer.Analyze(ReportSourceKind.Csv, tall)).Message);
    }

    [Fact]
    public void Not_a_number_and_infinity_do_not_make_a_column_numeric()
    {
        var result = ReportAnalyzer.Analyze(ReportSourceKind.Csv, "x,y\nNaN,1\nInfinity,2\n");
        Assert.Equal("y", Assert.Single(result.NumericColumns).Name);
    }
}
