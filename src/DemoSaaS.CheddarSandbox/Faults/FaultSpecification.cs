namespace DemoSaaS.CheddarSandbox.Faults;

/// <summary>The JSON body of POST /sandbox/faults, before validation.</summary>
internal sealed record FaultSpecification
{
    public string? Path { get; init; }
    public string? Method { get; init; }
    public string? Customer { get; init; }
    public string? Kind { get; init; }
    public int? Status { get; init; }
    public int? Count { get; init; }
    public int? LatencyMs { get; init; }
    public int? RetryAfterSeconds { get; init; }
    public int? HangMs { get; init; }
    public bool? Drop { get; init; }
    public string? AuxCode { get; init; }
    public string? Message { get; init; }
}
