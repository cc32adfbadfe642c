using System.Net;
using Polly;
using Polly.Timeout;

namespace DemoSaaS.Cheddar.Http;

/// <summary>
/// Which Cheddar calls may be retried after a transient failure, and why. A retry is only safe when repeating
/// the call cannot change the outcome, because after a timeout or a dropped connection the first attempt may
/// already have been applied.
/// <list type="table">
/// <item><term>plans/get, customers/get, customers/list, promotions/get</term><description>Reads (GET, or POST for filtered lists): repeating changes nothing.</description></item>
/// <item><term>customers/set-item-quantity</term><description>Sets an absolute value: applying it twice leaves the same quantity.</description></item>
/// <item><term>customers/edit-customer</term><description>Overwrites customer fields with the given values: idempotent. (Not customers/edit, which may change plan or card.)</description></item>
/// <item><term>customers/cancel</term><description>Canceling a canceled subscription changes nothing and answers the same customer, so a repeat after a lost answer is harmless.</description></item>
/// </list>
/// Any call, writes included, is retried when Cheddar provably did not process it: a 429 (rate limited, it says when
/// to come back) or a connection that could not be opened (nothing was sent).
/// Otherwise never retried: customers/new (a repeat fails "already exists" or duplicates), add-/remove-item-quantity and
/// add-charge (would count twice), delete-charge and customers/delete (a repeat answers 404 for a change that
/// happened), edit and edit-subscription (plan changes and card
/// charges), invoices/* and run-outstanding (money moves), delete-all.
/// </summary>
internal static class CheddarRetryPolicy
{
    private static readonly HashSet<string> ReadActions = new(StringComparer.OrdinalIgnoreCase)
    {
        "plans/get", "customers/get", "customers/list", "promotions/get",
    };

    private static readonly HashSet<string> IdempotentWrites = new(StringComparer.OrdinalIgnoreCase)
    {
        "customers/set-item-quantity", "customers/edit-customer", "customers/cancel",
    };

    /// <summary><c>section/action</c> of a Cheddar request, e.g. <c>customers/get</c>.</summary>
    public static string ActionOf(HttpRequestMessage request)
    {
        var segments = request.RequestUri?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var xml = Array.FindIndex(segments, s => s is "xml");
        return xml >= 0 && segments.Length > xml + 2 ? $"{segments[xml + 1]}/{segments[xml + 2]}" : request.RequestUri?.AbsolutePath ?? "?";
    }

    public static bool IsRead(HttpRequestMessage request) => ReadActions.Contains(ActionOf(request));

    public static bool IsSafeToRetry(HttpRequestMessage request)
    {
        var action = ActionOf(request);
        return ReadActions.Contains(action) || IdempotentWrites.Contains(action);
    }

    /// <summary>Whether to try again: transient, and either safe to repeat or provably not processed.</summary>
    public static bool ShouldRetry(HttpRequestMessage request, Outcome<HttpResponseMessage> outcome) =>
        IsTransient(outcome) && (IsSafeToRetry(request) || WasNotProcessed(outcome));

    /// <summary>A 429, or a connection that could not be opened: Cheddar never ran the call.</summary>
    public static bool WasNotProcessed(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: { } exception } => WasNotSent(exception),
        { Result.StatusCode: HttpStatusCode.TooManyRequests } => true,
        _ => false,
    };

    public static bool WasNotSent(Exception exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError };

    /// <summary>Transient: connection failures, attempt timeouts, 408, 429, and 5xx except 501 (not implemented is permanent).</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => IsTransient(response.StatusCode),
        _ => false,
    };

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        || ((int)status >= 500 && status != HttpStatusCode.NotImplemented);
}
