using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace DemoSaaS.CheddarSandbox.Webhooks;

/// <summary>
/// Posts pending deliveries (a few at a time), treats any 2xx as delivered and retries anything else,
/// including timeouts, on the configured schedule; the attempt after the last wait is the final one.
/// </summary>
internal sealed class WebhookDeliveryWorker(
    WebhookOutbox outbox,
    WebhookDeliveryStore store,
    IHttpClientFactory httpClientFactory,
    IOptions<WebhookDeliveryOptions> options,
    ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    public const string HttpClientName = "DemoSaaS.CheddarSandbox.Webhooks";
    private const int MaxConcurrentDeliveries = 4;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMinutes(1);

    private readonly Dictionary<long, Task> _inFlight = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = IdlePoll;
            try
            {
                PersistPublished();
                foreach (var done in _inFlight.Where(p => p.Value.IsCompleted).Select(p => p.Key).ToList())
                {
                    _inFlight.Remove(done);
                }
                var now = TimeProvider.System.GetUtcNow();
                var free = MaxConcurrentDeliveries - _inFlight.Count;
                if (free > 0)
                {
                    foreach (var delivery in store.Due(now, _inFlight.Keys, free))
                    {
                        _inFlight[delivery.Id] = DeliverAsync(delivery, stoppingToken);
                    }
                }
                if (_inFlight.Count < MaxConcurrentDeliveries && store.NextDueAt(_inFlight.Keys) is { } next)
                {
                    wait = next - TimeProvider.System.GetUtcNow();
                    wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > IdlePoll ? IdlePoll : wait;
                }
            }
            catch (Exception ex)
            {
                logger.LogError(new EventId(4210, "WebhookWorkerError"), ex, "Webhook delivery loop failed; retrying shortly");
                wait = TimeSpan.FromSeconds(1);
            }
            if (wait > TimeSpan.Zero)
            {
                await outbox.WaitAsync(wait, stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Events published while stopping still reach the log, so the next start delivers them.
        try
        {
            PersistPublished();
            await Task.WhenAll(_inFlight.Values).WaitAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogWarning(new EventId(4211, "WebhookWorkerStop"), ex, "Webhook worker did not stop cleanly");
        }
    }

    private void PersistPublished()
    {
        while (outbox.TryDequeue(out var webhookEvent))
        {
            store.Add(webhookEvent);
        }
    }

    private async Task DeliverAsync(WebhookDelivery delivery, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Value;
        int? statusCode = null;
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(delivery.Body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, delivery.Signature);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(settings.WebhookTimeout);
            using var response = await httpClientFactory.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            statusCode = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                error = $"Receiver answered {statusCode}";
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return; // shutting down: not an attempt; it stays pending for the next start
        }
        catch (OperationCanceledException)
        {
            error = $"No response within {settings.WebhookTimeout.TotalSeconds:0.###} s";
        }
        catch (Exception ex)
        {
            error = ex.Message;
        }

        try
        {
            var now = TimeProvider.System.GetUtcNow();
            var delivered = error is null;
            var delays = settings.RetryDelays ?? [];
            DateTimeOffset? retryAt = delivered || delivery.Attempts >= delays.Count ? null : now + delays[delivery.Attempts];
            store.RecordAttempt(delivery.Id, delivered, statusCode, error, now, retryAt);
            if (delivered)
            {
                logger.LogInformation(new EventId(4220, "WebhookDelivered"), "Webhook {DeliveryId} {ActivityType} delivered to {Url} ({StatusCode})",
                    delivery.Id, delivery.ActivityType, delivery.Url, statusCode);
            }
            else
            {
                logger.LogWarning(new EventId(4221, "WebhookAttemptFailed"), "Webhook {DeliveryId} {ActivityType} to {Url}: attempt {Attempt} failed: {Error}; {Next}",
                    delivery.Id, delivery.ActivityType, delivery.Url, delivery.Attempts + 1, error, retryAt is null ? "giving up" : $"retrying at {retryAt:O}");
            }
        }
        catch (Exception ex)
        {
            logger.LogError(new EventId(4222, "WebhookRecordFailed"), ex, "Could not record the attempt for webhook {DeliveryId}", delivery.Id);
        }
        finally
        {
            outbox.Wake();
        }
    }
}
