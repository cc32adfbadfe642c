using System.Text.Json;
using DemoSaaS.CheddarSandbox.Control;
using DemoSaaS.CheddarSandbox.Hosting;

namespace DemoSaaS.CheddarSandbox.Webhooks;

/// <summary>Registers signed webhook delivery and maps its /sandbox/webhooks control endpoints.</summary>
internal static class WebhookDeliveries
{
    public static IServiceCollection AddSandboxWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookDeliveryOptions>()
            .Bind(configuration.GetSection(CheddarSandboxOptions.SectionName))
            .Validate(o => o.RetryDelays is not null,
                "CheddarSandbox:WebhookRetrySchedule must be a comma-separated list of waits such as \"1m,5m,30m,2h,12h\" (units ms, s, m, h, d; each at most 30 days).")
            .Validate(o => o.WebhookTimeout > TimeSpan.Zero && o.WebhookTimeout <= TimeSpan.FromMinutes(5),
                "CheddarSandbox:WebhookTimeout must be between 00:00:00.001 and 00:05:00.")
            .ValidateOnStart();
        services.AddOptions<CheddarSandboxOptions>()
            .Validate(o => o.WebhookUrls.All(u => WebhookEndpointRegistry.Normalize(u) is not null),
                "Every CheddarSandbox:WebhookUrls entry must be an absolute http or https URL.");

        services.AddSingleton<WebhookEndpointRegistry>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<WebhookDeliveryStore>();
        services.AddSingleton<WebhookDispatcher>();
        // Replaces the null publisher the API registers with TryAdd: whichever order, the last registration wins.
        services.AddSingleton<IWebhookPublisher>(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<ISandboxResettable>(sp => sp.GetRequiredService<WebhookOutbox>());
        services.AddSingleton<ISandboxResettable>(sp => sp.GetRequiredService<WebhookDeliveryStore>());
        services.AddHostedService<WebhookDeliveryWorker>();
        services.AddHttpClient(WebhookDeliveryWorker.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return services;
    }

    public static IEndpointRouteBuilder MapSandboxWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/sandbox/webhooks");

        group.MapGet("", (WebhookDeliveryStore store) => Results.Json(new { deliveries = store.List().Select(View) }));

        group.MapPost("/{id}/redeliver", (string id, WebhookDeliveryStore store, WebhookOutbox outbox) =>
        {
            if (!long.TryParse(id, out var deliveryId) || store.Redeliver(deliveryId, TimeProvider.System.GetUtcNow()) is not { } copy)
            {
                return ControlJson.Error(StatusCodes.Status404NotFound, $"No webhook delivery with id '{id}'.");
            }
            outbox.Wake();
            return Results.Json(View(copy), statusCode: StatusCodes.Status202Accepted);
        });

        group.MapGet("/endpoints", (WebhookEndpointRegistry registry) => Results.Json(new
        {
            endpoints = registry.Configured.Select(url => new { url, source = "configuration" })
                .Concat(registry.Runtime.Select(url => new { url, source = "runtime" })),
        }));

        group.MapPost("/endpoints", async (HttpRequest request, WebhookEndpointRegistry registry, CancellationToken cancellationToken) =>
        {
            var (body, readError) = await ControlJson.ReadAsync<WebhookEndpointRequest>(request, cancellationToken);
            if (readError is not null)
            {
                return readError;
            }
            if (WebhookEndpointRegistry.Normalize(body!.Url) is not { } url)
            {
                return ControlJson.Error(StatusCodes.Status400BadRequest, "'url' must be an absolute http or https URL.");
            }
            var added = registry.Add(url);
            return Results.Json(new { url, added }, statusCode: added ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        });

        group.MapDelete("/endpoints", (HttpRequest request, WebhookEndpointRegistry registry) =>
        {
            var url = request.Query["url"].ToString();
            if (WebhookEndpointRegistry.Normalize(url) is not { } normalized)
            {
                return ControlJson.Error(StatusCodes.Status400BadRequest, "Send the URL to remove as ?url=<absolute http or https URL>.");
            }
            if (registry.Configured.Contains(normalized))
            {
                return ControlJson.Error(StatusCodes.Status409Conflict, $"'{normalized}' comes from CheddarSandbox:WebhookUrls and cannot be removed at runtime.");
            }
            return registry.Remove(normalized)
                ? Results.NoContent()
                : ControlJson.Error(StatusCodes.Status404NotFound, $"'{normalized}' is not a runtime webhook endpoint.");
        });

        return endpoints;
    }

    private static object View(WebhookDelivery delivery) => new
    {
        id = delivery.Id,
        activityType = delivery.ActivityType,
        activityId = delivery.ActivityId,
        url = delivery.Url,
        status = delivery.Status,
        attempts = delivery.Attempts,
        lastStatusCode = delivery.LastStatusCode,
        lastError = delivery.LastError,
        createdAt = delivery.CreatedAt,
        nextAttemptAt = delivery.NextAttemptAt,
        deliveredAt = delivery.DeliveredAt,
        redeliveryOf = delivery.RedeliveryOf,
        signature = delivery.Signature,
        body = JsonSerializer.Deserialize<JsonElement>(delivery.Body),
    };
}
