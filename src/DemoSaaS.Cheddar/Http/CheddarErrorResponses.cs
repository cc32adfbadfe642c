using System.Net;
using System.Xml;
using DemoSaaS.Cheddar.Xml;

namespace DemoSaaS.Cheddar.Http;

/// <summary>
/// Turns a failed HTTP response into the exception callers see: Cheddar's &lt;error&gt; (or a customer document with
/// embedded &lt;errors&gt;) becomes <see cref="CheddarException"/>; a response that is not a Cheddar document at all
/// (a proxy's 503 page) becomes <see cref="CheddarUnavailableException"/> when transient.
/// </summary>
internal static class CheddarErrorResponses
{
    private const int MaxQuotedBody = 300;

    /// <summary>Refit's ExceptionFactory: null for success, so Refit goes on to deserialize.</summary>
    public static async ValueTask<Exception?> FromResponseAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return null;
        }
        var body = response.Content is null ? "" : await response.Content.ReadAsStringAsync();
        var retryAfter = RetryAfterOf(response);
        CheddarDocument? document = null;
        try
        {
            document = body.TrimStart().StartsWith('<') ? CheddarXmlReader.Read(body) : null;
        }
        catch (Exception ex) when (ex is XmlException or FormatException)
        {
            document = null;
        }

        if (document is { Errors.Count: > 0 })
        {
            var error = document.Errors[0];
            return new CheddarException(response.StatusCode, error.Message, error.Code, error.Id, error.AuxCode,
                document.Customers.FirstOrDefault(), retryAfter);
        }

        var quoted = body.Length > MaxQuotedBody ? body[..MaxQuotedBody] + "…" : body;
        var status = (int)response.StatusCode;
        if (CheddarRetryPolicy.IsTransient(response.StatusCode))
        {
            return new CheddarUnavailableException(
                $"Cheddar did not answer (HTTP {status} without a Cheddar error document): {quoted}",
                outcomeUnknown: response.RequestMessage is not { } request || !CheddarRetryPolicy.IsRead(request),
                response.StatusCode);
        }
        return new CheddarException(response.StatusCode, $"HTTP {status} without a Cheddar error document: {quoted}", retryAfter: retryAfter);
    }

    /// <summary>Refit's DeserializationExceptionFactory: a 2xx whose body is not a readable Cheddar document.</summary>
    public static ValueTask<Exception?> FromUnreadableBody(HttpResponseMessage response, Exception exception) =>
        ValueTask.FromResult<Exception?>(new CheddarException(
            response.StatusCode,
            $"Cheddar's response could not be read: {exception.Message}",
            innerException: exception));

    /// <summary>Embedded &lt;errors&gt; in a 2xx customer document: the customer exists but a payment step failed (§2.2).</summary>
    public static void ThrowIfEmbeddedErrors(CheddarDocument document)
    {
        if (document.Errors.Count == 0)
        {
            return;
        }
        var error = document.Errors[0];
        var status = error.Code is >= 400 and < 600 ? (HttpStatusCode)error.Code.Value : HttpStatusCode.UnprocessableEntity;
        throw new CheddarException(status, error.Message, error.Code, error.Id, error.AuxCode, document.Customers.FirstOrDefault());
    }

    public static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}
