using DemoSaaS.CheddarSandbox.Webhooks;

namespace DemoSaaS.CheddarSandbox.Hosting;

/// <summary>Publishes nowhere; replaced (TryAdd) by the delivering publisher when that is registered.</summary>
internal sealed class NullWebhookPublisher : IWebhookPublisher
{
    public Task PublishAsync(string activityType, IReadOnlyDictionary<string, object?> payload, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;
}
