using System.Net;
using System.Text.RegularExpressions;
using DemoSaaS.Cheddar.Models;

namespace DemoSaaS.Cheddar;

/// <summary>
/// Cheddar answered and said no: an <c>&lt;error&gt;</c> document, or a customer document carrying embedded
/// <c>&lt;errors&gt;</c> (the customer exists but a payment step failed). Transport failures, where Cheddar never
/// answered, are <see cref="CheddarUnavailableException"/> instead.
/// </summary>
public sealed partial class CheddarException : Exception
{
    public CheddarException(
        HttpStatusCode statusCode,
        string cheddarMessage,
        int? code = null,
        string? errorId = null,
        string? auxCode = null,
        Customer? customer = null,
        TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : base(Describe(statusCode, cheddarMessage, auxCode, errorId), innerException)
    {
        StatusCode = statusCode;
        CheddarMessage = cheddarMessage;
        Code = code;
        ErrorId = errorId;
        AuxCode = auxCode;
        Customer = customer;
        RetryAfter = retryAfter;
        (FieldName, ErrorType) = SplitField(statusCode, auxCode, cheddarMessage);
    }

    /// <summary>HTTP status of the response (for embedded errors: 422 or whatever Cheddar sent).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The error's <c>code</c> attribute; Cheddar sets it to the HTTP status.</summary>
    public int? Code { get; }

    /// <summary>Cheddar's error-log id (Reports → Errors in the admin), for support requests.</summary>
    public string? ErrorId { get; }

    /// <summary>Gateway result code (e.g. <c>6000</c> declined) or, for 412, <c>field:validator</c>.</summary>
    public string? AuxCode { get; }

    /// <summary>The human message exactly as Cheddar wrote it (trimmed).</summary>
    public string CheddarMessage { get; }

    /// <summary>For validation errors: the request parameter at fault, e.g. <c>subscription[ccNumber]</c>.</summary>
    public string? FieldName { get; }

    /// <summary>For validation errors: the validator that failed, e.g. <c>isEmpty</c>, when Cheddar says.</summary>
    public string? ErrorType { get; }

    /// <summary>
    /// The customer document that came with an embedded error (§2.2): the change was made but a payment step
    /// failed, e.g. the first charge after a plan change was declined. Null for top-level errors.
    /// </summary>
    public Customer? Customer { get; }

    /// <summary>From a 429's Retry-After header, when the retry policy gave up waiting.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Any 404: a customer, plan, item or promotion that does not exist, an unknown route, or an empty list.</summary>
    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    /// <summary>
    /// The one definition of "this customer does not exist at Cheddar": a 404 whose message is Cheddar's
    /// <c>Customer not found</c>. Any other 404 (an unknown item, plan or route) says nothing about the customer, so
    /// callers must not treat it as the customer being gone.
    /// </summary>
    public bool IsCustomerNotFound =>
        IsNotFound && CheddarMessage.StartsWith(CustomerNotFoundMessage, StringComparison.OrdinalIgnoreCase);

    /// <summary>Cheddar's message for a customer lookup miss (by code or id, on any customers/* action).</summary>
    public const string CustomerNotFoundMessage = "Customer not found";

    /// <summary>Missing or invalid input (412, or 400 such as "no product selected"); see <see cref="FieldName"/>.</summary>
    public bool IsValidation => StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.BadRequest;

    /// <summary>The payment gateway refused the card or the transaction (422); <see cref="AuxCode"/> says why.</summary>
    public bool IsGatewayDecline => StatusCode == HttpStatusCode.UnprocessableEntity;

    /// <summary>Bad credentials, or the API user has no access to the product.</summary>
    public bool IsAuthentication => StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    /// <summary>Cheddar could not reach or use the payment gateway (502, or a 2xxx–4xxx aux code): try again later.</summary>
    public bool IsGatewayUnavailable =>
        StatusCode == HttpStatusCode.BadGateway
        || (int.TryParse(AuxCode, out var aux) && aux is >= 2000 and < 5000);

    /// <summary>Worth retrying later: 408, 429, or a 5xx other than 501.</summary>
    public bool IsTransient => Http.CheddarRetryPolicy.IsTransient(StatusCode);

    /// <summary>The customer exists despite the error (the error was embedded in its document).</summary>
    public bool CustomerWasChanged => Customer is not null;

    private static string Describe(HttpStatusCode status, string message, string? auxCode, string? errorId) =>
        $"Cheddar answered {(int)status}: {message}"
        + (string.IsNullOrEmpty(auxCode) ? "" : $" (auxCode {auxCode})")
        + (string.IsNullOrEmpty(errorId) ? "" : $" [error id {errorId}]");

    private static (string? Field, string? Type) SplitField(HttpStatusCode status, string? auxCode, string message)
    {
        if (!string.IsNullOrEmpty(auxCode) && auxCode.Contains(':'))
        {
            var colon = auxCode.IndexOf(':');
            return (NullIfEmpty(auxCode[..colon]), NullIfEmpty(auxCode[(colon + 1)..]));
        }
        if (status != HttpStatusCode.PreconditionFailed)
        {
            return (null, null);
        }
        if (!string.IsNullOrEmpty(auxCode) && ParameterName().IsMatch(auxCode))
        {
            return (auxCode, null);
        }
        // Cheddar renders validation messages as "<text>: <field>"; fall back to that when auxCode is empty.
        var separator = message.LastIndexOf(": ", StringComparison.Ordinal);
        var tail = separator < 0 ? null : message[(separator + 2)..].Trim();
        return (tail is not null && ParameterName().IsMatch(tail) ? tail : null, null);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*(\[[^\]\s]*\])*$")]
    private static partial Regex ParameterName();
}
