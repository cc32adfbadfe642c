namespace DemoSaaS.Web.Features.Reports;

public sealed record WordFrequency
{
    public required string Word { get; init; }

    public required int Count { get; init; }
}
