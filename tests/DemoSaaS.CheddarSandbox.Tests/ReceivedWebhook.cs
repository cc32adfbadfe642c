namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>One POST as the <see cref="WebhookReceiver"/> saw it, when, and what it answered.</summary>
public sealed record ReceivedWebhook(byte[] Body, string Signature, string? ContentType, int AnsweredStatus, DateTimeOffset ReceivedAt);
