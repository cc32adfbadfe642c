using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace DemoSaaS.Cheddar.Diagnostics;

/// <summary>
/// The innermost handler of every Cheddar HTTP client: one log line per request on the wire (method, path, status,
/// milliseconds) at Information, and the call handed to any <see cref="ICheddarCallObserver"/>. Only the path is
/// logged — never parameters, since a form can carry a card number.
/// </summary>
public sealed partial class CheddarCallLoggingHandler(
    IEnumerable<ICheddarCallObserver> observers,
    TimeProvider time,
    ILogger<CheddarCallLoggingHandler> logger) : DelegatingHandler
{
    private readonly ICheddarCallObserver[] _observers = [.. observers];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        var method = request.Method.Method;
        var path = request.RequestUri?.AbsolutePath ?? "";
        // Read before sending: the content is a buffered form, and the observer must see what was asked even on failure.
        var parameters = _observers.Length == 0 ? [] : await ParametersAsync(request, cancellationToken);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (Exception error)
        {
            var elapsed = stopwatch.Elapsed;
            LogFailed(method, path, error.GetType().Name, elapsed.TotalMilliseconds);
            Notify(new CheddarCall { StartedAt = startedAt, Method = method, Path = path, Parameters = parameters, Duration = elapsed, Failure = Describe(error) });
            throw;
        }
        var duration = stopwatch.Elapsed;
        LogAnswered(method, path, (int)response.StatusCode, duration.TotalMilliseconds);
        if (_observers.Length > 0)
        {
            string? answer = null;
            if (response.Content is { } content)
            {
                // Buffered so Refit still reads the same body afterwards.
                await content.LoadIntoBufferAsync(cancellationToken);
                answer = CheddarCallParameters.MaskAnswer(await content.ReadAsStringAsync(cancellationToken));
                if (answer.Length > CheddarCallParameters.MaxAnswerChars)
                {
                    answer = answer[..CheddarCallParameters.MaxAnswerChars] + "\n<!-- cut -->";
                }
            }
            Notify(new CheddarCall { StartedAt = startedAt, Method = method, Path = path, Parameters = parameters, Status = (int)response.StatusCode, Duration = duration, Answer = answer });
        }
        return response;
    }

    private static async Task<IReadOnlyList<KeyValuePair<string, string>>> ParametersAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        if (request.RequestUri is { Query.Length: > 1 } uri)
        {
            parameters.AddRange(CheddarCallParameters.Parse(uri.Query[1..]));
        }
        if (request.Content is { } content && content.Headers.ContentType is MediaTypeHeaderValue { MediaType: "application/x-www-form-urlencoded" })
        {
            parameters.AddRange(CheddarCallParameters.Parse(await content.ReadAsStringAsync(cancellationToken)));
        }
        return parameters;
    }

    private void Notify(CheddarCall call)
    {
        foreach (var observer in _observers)
        {
            observer.Observe(call);
        }
    }

    private static string Describe(Exception error) => error switch
    {
        OperationCanceledException => "No answer: the attempt was canceled (timeout or the caller gave up)",
        HttpRequestException http => $"No answer: {http.HttpRequestError}",
        _ => $"No answer: {error.GetType().Name}",
    };

    [LoggerMessage(EventId = 3001, EventName = "CheddarCall", Level = LogLevel.Information, Message = "Cheddar {Method} {Path} -> {Status} in {ElapsedMs:0} ms")]
    private partial void LogAnswered(string method, string path, int status, double elapsedMs);

    [LoggerMessage(EventId = 3002, EventName = "CheddarCallFailed", Level = LogLevel.Information, Message = "Cheddar {Method} {Path} -> no answer ({Error}) after {ElapsedMs:0} ms")]
    private partial void LogFailed(string method, string path, string error, double elapsedMs);
}
