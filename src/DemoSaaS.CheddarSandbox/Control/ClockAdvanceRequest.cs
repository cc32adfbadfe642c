namespace DemoSaaS.CheddarSandbox.Control;

/// <summary>The JSON body of POST /sandbox/clock/advance: <c>days</c> and/or <c>hours</c>, or <c>to</c>.</summary>
internal sealed record ClockAdvanceRequest
{
    public double? Days { get; init; }
    public double? Hours { get; init; }
    public DateTimeOffset? To { get; init; }
}
