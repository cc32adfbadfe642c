using Polly.Timeout;

namespace DemoSaaS.Cheddar.Http;

/// <summary>Wraps connection failures and timeouts so callers can tell "Cheddar never answered" from "Cheddar said no".</summary>
internal static class CheddarTransportFailures
{
    public static Exception Wrap(HttpRequestMessage request, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return exception;
        }
        var what = exception switch
        {
            TimeoutRejectedException => "did not answer in time",
            OperationCanceledException => "did not answer in time",
            HttpRequestException http => $"could not be reached ({http.HttpRequestError})",
            _ => "could not be reached",
        };
        var action = CheddarRetryPolicy.ActionOf(request);
        return new CheddarUnavailableException(
            $"Cheddar {what} for {action}: {exception.Message}",
            outcomeUnknown: !CheddarRetryPolicy.IsRead(request) && !CheddarRetryPolicy.WasNotSent(exception),
            innerException: exception);
    }
}
