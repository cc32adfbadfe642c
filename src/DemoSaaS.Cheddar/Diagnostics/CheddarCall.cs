namespace DemoSaaS.Cheddar.Diagnostics;

/// <summary>
/// One HTTP request the client sent to Cheddar, as an <see cref="ICheddarCallObserver"/> sees it. Card fields and
/// secrets are already masked in <see cref="Parameters"/>; the Authorization header is never included.
/// </summary>
public sealed record CheddarCall
{
    public required DateTimeOffset StartedAt { get; init; }

    public required string Method { get; init; }

    /// <summary>The URL path, e.g. <c>/xml/customers/add-item-quantity/productCode/P/code/C/itemCode/REPORTS</c>.</summary>
    public required string Path { get; init; }

    /// <summary>Query and form parameters in the order sent, card fields and secrets replaced by <see cref="CheddarCallParameters.Masked"/>.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; }

    /// <summary>The HTTP status, or null when no answer came (timeout, connection failure).</summary>
    public int? Status { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>Cheddar's XML answer (cut at <see cref="CheddarCallParameters.MaxAnswerChars"/>), or null without one.</summary>
    public string? Answer { get; init; }

    /// <summary>Why no answer came, when none did.</summary>
    public string? Failure { get; init; }
}
