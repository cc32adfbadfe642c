using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using DemoSaaS.CheddarSandbox.Billing;
using DemoSaaS.CheddarSandbox.Hosting;
using Microsoft.Extensions.Options;

namespace DemoSaaS.CheddarSandbox.Webhooks;

/// <summary>
/// The sandbox's <see cref="IWebhookPublisher"/>: completes the body per docs/decisions/0001-webhook-payload.md
/// (activityType, activityId, activityDatetime from the sandbox clock, and product unless the payload brings it),
/// serializes it once, signs exactly
/// those bytes and queues one delivery per target URL. Never throws into, or waits inside, the API call that published.
/// </summary>
internal sealed class WebhookDispatcher(
    WebhookOutbox outbox,
    WebhookEndpointRegistry endpoints,
    SandboxClock clock,
    IOptions<CheddarSandboxOptions> options,
    ILogger<WebhookDispatcher> logger) : IWebhookPublisher
{
    private static readonly string[] ReservedKeys = ["activityType", "activityId", "activityDatetime"];

    // Relaxed escaping keeps "+00:00" and non-ASCII names readable; the body is JSON over HTTP, never embedded in HTML.
    private static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Task PublishAsync(string activityType, IReadOnlyDictionary<string, object?> payload, CancellationToken cancellationToken = default)
    {
        try
        {
            if (string.IsNullOrWhiteSpace(activityType))
            {
                logger.LogError(new EventId(4201, "WebhookRejected"), "Webhook event without an activityType was not published");
                return Task.CompletedTask;
            }
            if (payload.Keys.FirstOrDefault(ReservedKeys.Contains) is { } reserved)
            {
                logger.LogError(new EventId(4201, "WebhookRejected"),
                    "Webhook event {ActivityType} was not published: the payload must not contain {Key}, which the publisher sets", activityType, reserved);
                return Task.CompletedTask;
            }

            var settings = options.Value;
            var activityId = Guid.NewGuid().ToString();
            var body = new Dictionary<string, object?>
            {
                ["activityType"] = activityType,
                ["activityId"] = activityId,
                ["activityDatetime"] = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture),
                ["product"] = payload.TryGetValue("product", out var product)
                    ? product
                    : new Dictionary<string, object?> { ["id"] = settings.ProductId, ["code"] = settings.ProductCode },
            };
            foreach (var (key, value) in payload)
            {
                body[key] = value;
            }
            var bytes = JsonSerializer.SerializeToUtf8Bytes(body, BodyJson);

            var urls = endpoints.All;
            if (urls.Count == 0)
            {
                logger.LogDebug(new EventId(4202, "WebhookNoTargets"), "Webhook {ActivityType} {ActivityId} has no target URL", activityType, activityId);
                return Task.CompletedTask;
            }
            outbox.Enqueue(new WebhookEvent
            {
                ActivityId = activityId,
                ActivityType = activityType,
                Body = bytes,
                Signature = WebhookSignature.Compute(settings.WebhookSecret, bytes),
                Urls = urls,
                PublishedAt = TimeProvider.System.GetUtcNow(),
            });
        }
        catch (Exception ex)
        {
            logger.LogError(new EventId(4203, "WebhookPublishFailed"), ex, "Webhook event {ActivityType} could not be published", activityType);
        }
        return Task.CompletedTask;
    }
}
