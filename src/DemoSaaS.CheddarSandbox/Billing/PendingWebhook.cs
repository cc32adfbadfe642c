namespace DemoSaaS.CheddarSandbox.Billing;

/// <summary>An event to publish once the change that caused it is saved.</summary>
public sealed record PendingWebhook(string ActivityType, IReadOnlyDictionary<string, object?> Payload);
