using System.Net.Http.Headers;

namespace DemoSaaS.Web.Tests.Infrastructure;

/// <summary>
/// A network fault the sandbox cannot make: the app's request for <see cref="Action"/> is lost on its way (the app sees
/// a failed connection at once), yet reaches Cheddar <see cref="Delay"/> later and is applied there — a slow proxy or
/// a request Cheddar was still working on when our side gave up. Armed for <see cref="Remaining"/> requests.
/// </summary>
public sealed class LateApplyHandler(LateApplyHandler.Fault fault) : DelegatingHandler
{
    public sealed class Fault
    {
        public required string Action { get; init; }

        public required TimeSpan Delay { get; init; }

        public int Remaining;

        /// <summary>The late requests, finished once Cheddar answered them.</summary>
        public List<Task> Applied { get; } = [];
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri?.AbsolutePath.Contains(fault.Action, StringComparison.Ordinal) != true || Interlocked.Decrement(ref fault.Remaining) < 0)
        {
            return await base.SendAsync(request, cancellationToken);
        }
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var late = new HttpRequestMessage(request.Method, request.RequestUri);
        foreach (var header in request.Headers)
        {
            late.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        if (body is not null)
        {
            late.Content = new ByteArrayContent(body);
            late.Content.Headers.ContentType = request.Content!.Headers.ContentType is { } type ? MediaTypeHeaderValue.Parse(type.ToString()) : null;
        }
        lock (fault.Applied)
        {
            fault.Applied.Add(Task.Run(async () =>
            {
                await Task.Delay(fault.Delay, CancellationToken.None);
                using var response = await base.SendAsync(late, CancellationToken.None);
                response.EnsureSuccessStatusCode();
            }, CancellationToken.None));
        }
        throw new HttpRequestException("Simulated: the connection was lost after the request was sent.");
    }
}
