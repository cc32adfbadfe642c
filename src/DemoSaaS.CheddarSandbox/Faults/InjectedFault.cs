namespace DemoSaaS.CheddarSandbox.Faults;

/// <summary>An active fault: which /xml requests it matches, what it does, and how many more times.</summary>
public sealed record InjectedFault
{
    public required int Id { get; init; }

    /// <summary>Substring of the path after /xml/ (case-insensitive); null matches every /xml request.</summary>
    public required string? Path { get; init; }

    /// <summary>HTTP method to match (upper case); null matches any.</summary>
    public required string? Method { get; init; }

    /// <summary>
    /// The customer the request is about, matched (case-insensitive) against the path's <c>code/{value}</c> segment, that
    /// stored customer's email, and the form's <c>code</c> and <c>email</c> fields (a signup's code is chosen by the client,
    /// its email by the user, so an email follows the customer from its signup on); null matches any.
    /// Lets tests that share one sandbox fail only their own customer's calls.
    /// </summary>
    public string? Customer { get; init; }

    public required FaultKind Kind { get; init; }

    /// <summary>Status answered (status, rateLimit, applyThenFail without drop).</summary>
    public required int? Status { get; init; }

    public required int? LatencyMs { get; init; }
    public required int? RetryAfterSeconds { get; init; }
    public required int? HangMs { get; init; }
    public required bool Drop { get; init; }
    public required string? AuxCode { get; init; }
    public required string? Message { get; init; }

    /// <summary>Requests requested in total; null = until cleared.</summary>
    public required int? Count { get; init; }

    /// <summary>Matching requests still to fail; null = until cleared.</summary>
    public required int? Remaining { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public bool Matches(string apiPath, string method, IReadOnlyCollection<string> customers) =>
        (Path is null || apiPath.Contains(Path, StringComparison.OrdinalIgnoreCase))
        && (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && (Customer is null || customers.Contains(Customer, StringComparer.OrdinalIgnoreCase));
}
