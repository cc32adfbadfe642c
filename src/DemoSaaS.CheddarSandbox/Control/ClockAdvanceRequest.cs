namespace DemoSaaS.CheddarSandbox.Control;

/// <summary>The JSON body of POST /sandbox/clock/advance: <c>days</c> and/or <c>hours</c>, or <c>to</c>.</summary>
internal sealed record ClockAdvanceRequest
{
    public double? Days { get; init; }
    public double? Hours { get; init; }
    /// <summary>A date (midnight UTC) or an ISO 8601 date-time; without an offset it is UTC.</summary>
    public string? To { get; init; }
}
