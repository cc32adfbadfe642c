namespace DemoSaaS.CheddarSandbox.Webhooks;

/// <summary>
/// Queues a webhook event for delivery to every configured URL. Implementations sign the exact body
/// (X-CG-SIGNATURE), deliver in the background with retries and keep a delivery log.
/// </summary>
public interface IWebhookPublisher
{
    /// <param name="activityType">newSubscription, subscriptionChanged, subscriptionCanceled, subscriptionReactivated, customerDeleted, transaction.</param>
    /// <param name="payload">The event body without activityType/activityId/activityDatetime, which the publisher adds.</param>
    Task PublishAsync(string activityType, IReadOnlyDictionary<string, object?> payload, CancellationToken cancellationToken = default);
}
