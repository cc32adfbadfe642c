using DemoSaaS.CheddarSandbox.Storage;
using Microsoft.AspNetCore.Http.Features;

namespace DemoSaaS.CheddarSandbox.Faults;

/// <summary>Applies the first matching injected fault to requests under /xml/ before (or after) the real handler.</summary>
internal sealed class FaultInjectionMiddleware(
    RequestDelegate next,
    FaultRegistry faults,
    IHostApplicationLifetime lifetime,
    ILogger<FaultInjectionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/xml", out var rest))
        {
            await next(context);
            return;
        }
        var apiPath = (rest.Value ?? "").TrimStart('/');
        var customers = faults.AnyMatchesCustomer ? await CustomersNamedAsync(context.Request, apiPath) : null;
        var fault = faults.TryConsume(apiPath, context.Request.Method, customers);
        if (fault is null)
        {
            await next(context);
            return;
        }
        // Only section/action are logged: the path's key/value pairs may carry card data (subscription[ccNumber]).
        logger.LogInformation(new EventId(4101, "FaultInjected"), "Injecting fault {FaultId} ({FaultKind}) into {Method} /xml/{ApiAction}; remaining {Remaining}",
            fault.Id, fault.Kind, context.Request.Method, SectionAndAction(apiPath), fault.Remaining?.ToString() ?? "until cleared");

        switch (fault.Kind)
        {
            case FaultKind.Status:
            case FaultKind.RateLimit:
                await FaultErrorResponse.WriteAsync(context, fault, fault.Status!.Value);
                break;
            case FaultKind.Latency:
                await LatencyAsync(context, fault.LatencyMs!.Value);
                break;
            case FaultKind.Hang:
                await HangAsync(context, fault.HangMs!.Value);
                break;
            case FaultKind.ApplyThenFail:
                await ApplyThenFailAsync(context, fault);
                break;
        }
    }

    // Like a real server, a slow call is carried out even when the client stops waiting: its change is committed late and
    // only the answer is lost (what a client that times out and then reads back must allow for). The body is read first,
    // so the handler still has it after the client left; the handler then runs on the app's lifetime, not the request's.
    private async Task LatencyAsync(HttpContext context, int latencyMs)
    {
        var clientGone = context.RequestAborted;
        try
        {
            context.Request.EnableBuffering();
            await context.Request.Body.CopyToAsync(Stream.Null, clientGone);
            context.Request.Body.Position = 0;
            await Task.Delay(latencyMs, lifetime.ApplicationStopping);
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // The body never fully arrived, or the sandbox is stopping: nothing was applied.
            return;
        }
        context.RequestAborted = lifetime.ApplicationStopping;
        try
        {
            await next(context);
        }
        catch (Exception error) when (clientGone.IsCancellationRequested && error is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The change is done; its answer had no one left to go to.
        }
    }

    // Never answers: waits for the client to give up (or the bound, or shutdown), then drops the connection.
    private async Task HangAsync(HttpContext context, int hangMs)
    {
        using var released = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(hangMs, released.Token);
        }
        catch (OperationCanceledException)
        {
        }
        context.Abort();
    }

    // The real handler runs to completion against a buffer, so its change is committed but its answer is never sent.
    private async Task ApplyThenFailAsync(HttpContext context, InjectedFault fault)
    {
        var realBody = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var discarded = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(discarded));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(realBody);
        }
        logger.LogInformation(new EventId(4102, "FaultAppliedThenFailed"), "Fault {FaultId}: handler answered {HandlerStatus}; {Outcome}",
            fault.Id, context.Response.StatusCode, fault.Drop ? "dropping the connection" : $"answering {fault.Status}");
        if (fault.Drop)
        {
            context.Abort();
            return;
        }
        context.Response.Clear();
        await FaultErrorResponse.WriteAsync(context, fault, fault.Status!.Value);
    }

    /// <summary>
    /// The customer codes and emails a request names: the path's <c>code/{value}</c> pair (and that customer's stored
    /// email) and the form's <c>code</c> and <c>email</c> fields. The body stays readable for the real handler (buffered, rewound); a body that is not a
    /// readable form names no one here and is judged by the handler as usual.
    /// </summary>
    private static async Task<IReadOnlyCollection<string>> CustomersNamedAsync(HttpRequest request, string apiPath)
    {
        var names = new List<string>();
        var segments = apiPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 2; i + 1 < segments.Length; i += 2)
        {
            if (string.Equals(segments[i], "code", StringComparison.Ordinal))
            {
                var code = Uri.UnescapeDataString(segments[i + 1]);
                names.Add(code);
                // The stored customer's email too, so one fault can follow a customer from its signup (known by email) on.
                var store = request.HttpContext.RequestServices.GetRequiredService<CustomerStore>();
                using (await store.ReadLockAsync(request.HttpContext.RequestAborted))
                {
                    if (store.FindByCode(code) is { Email.Length: > 0 } customer)
                    {
                        names.Add(customer.Email);
                    }
                }
            }
        }
        if (request.HasFormContentType && request.ContentLength is null or <= MaxFormBytes)
        {
            request.EnableBuffering(bufferThreshold: MaxFormBytes, bufferLimit: MaxFormBytes);
            try
            {
                var form = await request.ReadFormAsync(new FormOptions { ValueLengthLimit = MaxFormBytes, BufferBodyLengthLimit = MaxFormBytes }, request.HttpContext.RequestAborted);
                names.AddRange(form["code"].Concat(form["email"]).OfType<string>());
            }
            catch (Exception error) when (error is InvalidDataException or BadHttpRequestException or IOException or OperationCanceledException)
            {
            }
            request.Body.Position = 0;
        }
        return names;
    }

    private const int MaxFormBytes = 1024 * 1024;

    /// <summary>"customers/new/productCode/X/..." → "customers/new".</summary>
    internal static string SectionAndAction(string apiPath)
    {
        var segments = apiPath.Split('/', 3, StringSplitOptions.RemoveEmptyEntries);
        return string.Join('/', segments.Take(2));
    }
}
