using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>
/// A real webhook receiver: a tiny Kestrel app on 127.0.0.1 that records every POST to /hooks (raw bytes and headers)
/// and can be told to answer errors or to be slow for the next N requests, or for all of them.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly Lock _gate = new();
    private WebApplication? _app;
    private int _failuresLeft;
    private int _failStatus = 500;
    private bool _failAlways;
    private int _slowLeft;
    private TimeSpan _slowBy;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/hooks", receiver.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        receiver._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/hooks");
        return receiver;
    }

    public void FailNext(int count, int status = 500)
    {
        lock (_gate)
        {
            _failuresLeft = count;
            _failStatus = status;
        }
    }

    public void FailAlways(bool fail, int status = 500)
    {
        lock (_gate)
        {
            _failAlways = fail;
            _failStatus = status;
        }
    }

    public void SlowNext(int count, TimeSpan by)
    {
        lock (_gate)
        {
            _slowLeft = count;
            _slowBy = by;
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> POSTs have arrived.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        await Eventually.TrueAsync(() => Task.FromResult(_received.Count >= count), timeout ?? TimeSpan.FromSeconds(10), $"receiver got {count} webhooks");
        return Received;
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        int status;
        TimeSpan delay;
        lock (_gate)
        {
            status = _failAlways || _failuresLeft-- > 0 ? _failStatus : 200;
            delay = _slowLeft-- > 0 ? _slowBy : TimeSpan.Zero;
        }
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, request.HttpContext.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        }
        _received.Enqueue(new ReceivedWebhook(buffer.ToArray(), request.Headers["X-CG-SIGNATURE"].ToString(), request.ContentType, status, receivedAt));
        return Results.StatusCode(status);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
