using System.Threading.Channels;
using DemoSaaS.CheddarSandbox.Hosting;

namespace DemoSaaS.CheddarSandbox.Webhooks;

/// <summary>
/// Hands published events to the delivery worker without touching the database on the API call's path
/// (so publishing never waits on, or fails with, a lock held by the caller's own transaction), and wakes the worker.
/// </summary>
internal sealed class WebhookOutbox : ISandboxResettable
{
    private readonly Channel<WebhookEvent> _events = Channel.CreateUnbounded<WebhookEvent>();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Enqueue(WebhookEvent webhookEvent)
    {
        _events.Writer.TryWrite(webhookEvent);
        Wake();
    }

    public bool TryDequeue(out WebhookEvent webhookEvent) => _events.Reader.TryRead(out webhookEvent!);

    /// <summary>Tells the worker to look again (new event, redelivery, finished attempt).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Waits until woken or <paramref name="timeout"/> passes.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_wake.Reader.TryRead(out _))
        {
            return;
        }
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await _wake.Reader.WaitToReadAsync(timer.Token);
            _wake.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    public Task ResetAsync(CancellationToken cancellationToken = default)
    {
        while (_events.Reader.TryRead(out _))
        {
        }
        return Task.CompletedTask;
    }
}
