namespace DemoSaaS.Web.Features.Reports;

/// <summary>Statistics of one CSV column whose every non-empty value is a number.</summary>
public sealed record NumericColumnStatistics
{
    public required string Name { get; init; }

    /// <summary>Non-empty values in the column.</summary>
    public required int Count { get; init; }

    public required double Min { get; init; }

    public required double Max { get; init; }

    public required double Mean { get; init; }

    public required double Median { get; init; }

    public required double Sum { get; init; }
}
