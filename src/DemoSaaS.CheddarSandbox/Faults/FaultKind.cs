namespace DemoSaaS.CheddarSandbox.Faults;

/// <summary>What an injected fault does to a matching /xml request.</summary>
public enum FaultKind
{
    /// <summary>Answer with the given 4xx/5xx status and a Cheddar &lt;error&gt; body; the real handler does not run.</summary>
    Status,

    /// <summary>429 with Retry-After and an &lt;error&gt; body; the real handler does not run.</summary>
    RateLimit,

    /// <summary>Wait, then let the real handler answer.</summary>
    Latency,

    /// <summary>Hold the request until the client gives up (bounded), never answering.</summary>
    Hang,

    /// <summary>Run the real handler (its change is committed), then answer 5xx or drop the connection.</summary>
    ApplyThenFail,
}
