using System.Net;

namespace DemoSaaS.Cheddar;

/// <summary>
/// Cheddar could not be reached or did not answer in time (connection refused or dropped, timeout, or a
/// non-Cheddar 5xx page from a proxy), after the retries the policy allows. The inner exception is the original
/// <see cref="HttpRequestException"/>, <see cref="Polly.Timeout.TimeoutRejectedException"/> or similar.
/// </summary>
public sealed class CheddarUnavailableException : Exception
{
    public CheddarUnavailableException(string message, bool outcomeUnknown, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        OutcomeUnknown = outcomeUnknown;
        StatusCode = statusCode;
    }

    /// <summary>
    /// True for writes that may have reached Cheddar and been applied before the answer was lost (timeout, dropped
    /// connection, 5xx page); false for reads and when the connection could not even be opened.
    /// Read the customer back before repeating a non-idempotent call (e.g. add-item-quantity, customers/new).
    /// </summary>
    public bool OutcomeUnknown { get; }

    /// <summary>The HTTP status when a response arrived but was not a Cheddar document (e.g. a proxy's 503 page).</summary>
    public HttpStatusCode? StatusCode { get; }
}
