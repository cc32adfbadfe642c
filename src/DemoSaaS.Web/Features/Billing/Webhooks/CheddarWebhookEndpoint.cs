using DemoSaaS.Cheddar.Webhooks;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Billing.Webhooks;

/// <summary>
/// POST /webhooks/cheddar: bounded body → signature (401) → JSON (400) → known event type with an activity id (400)
/// → stored once and applied (200; a redelivery is a 200 no-op). See docs/decisions/0003-webhook-endpoint.md.
/// </summary>
internal static partial class CheddarWebhookEndpoint
{
    public const string Path = "/webhooks/cheddar";
    public const string RateLimitPolicy = "cheddar-webhooks";

    public static async Task<IResult> HandleAsync(
        HttpContext http,
        CheddarWebhookVerifier verifier,
        CheddarWebhookParser parser,
        BillingEventStore events,
        IOptions<BillingOptions> options,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(CheddarWebhookEndpoint));
        var body = await ReadBoundedAsync(http.Request, options.Value.WebhookMaxBodyBytes, cancellationToken);
        if (body is null)
        {
            LogRefused(logger, StatusCodes.Status413PayloadTooLarge, "body too large");
            return Problem(StatusCodes.Status413PayloadTooLarge, $"The body exceeds {options.Value.WebhookMaxBodyBytes} bytes.");
        }

        bool signed;
        try
        {
            signed = verifier.IsValid(body, http.Request.Headers[CheddarWebhookVerifier.SignatureHeader].ToString());
        }
        catch (InvalidOperationException ex)
        {
            // No secret configured: nothing can be verified, so nothing is accepted.
            LogNotConfigured(logger, ex);
            return Problem(StatusCodes.Status401Unauthorized, "Webhook signatures cannot be verified: the receiver has no secret configured.");
        }
        if (!signed)
        {
            LogRefused(logger, StatusCodes.Status401Unauthorized, "missing or wrong signature");
            return Problem(StatusCodes.Status401Unauthorized, $"Missing or invalid {CheddarWebhookVerifier.SignatureHeader} header.");
        }

        CheddarWebhookEvent webhookEvent;
        try
        {
            webhookEvent = parser.Parse(body);
        }
        catch (CheddarWebhookException ex)
        {
            LogRefused(logger, StatusCodes.Status400BadRequest, ex.Message);
            return Problem(StatusCodes.Status400BadRequest, ex.Message);
        }
        if (webhookEvent.ActivityType == CheddarActivityType.Unknown)
        {
            LogRefused(logger, StatusCodes.Status400BadRequest, $"unknown activityType {webhookEvent.ActivityTypeName}");
            return Problem(StatusCodes.Status400BadRequest, $"Unknown activityType '{Truncate(webhookEvent.ActivityTypeName)}'.");
        }
        if (string.IsNullOrWhiteSpace(webhookEvent.ActivityId) || webhookEvent.ActivityId.Length > 100)
        {
            LogRefused(logger, StatusCodes.Status400BadRequest, "missing activityId");
            return Problem(StatusCodes.Status400BadRequest, "The event has no usable activityId, so it cannot be applied exactly once.");
        }
        if (webhookEvent.ActivityType != CheddarActivityType.CustomerDeleted && webhookEvent.Customer is null)
        {
            LogRefused(logger, StatusCodes.Status400BadRequest, "no customer");
            return Problem(StatusCodes.Status400BadRequest, "The event names no customer.");
        }

        var receipt = await events.ReceiveAsync(webhookEvent, cancellationToken);
        return Results.Ok(new { status = receipt == WebhookReceipt.Applied ? "applied" : "duplicate", activityId = webhookEvent.ActivityId });
    }

    /// <summary>The raw body, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);

    private static string Truncate(string value) => value.Length > 60 ? value[..60] + "…" : value;

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Refused a Cheddar webhook with {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Error, Message = "Refused a Cheddar webhook: no webhook secret is configured")]
    private static partial void LogNotConfigured(ILogger logger, Exception error);
}
