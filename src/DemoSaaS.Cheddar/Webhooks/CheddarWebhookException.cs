namespace DemoSaaS.Cheddar.Webhooks;

/// <summary>A webhook that must not be applied: unsigned, forged, or not a readable Cheddar event. Answer it with 4xx.</summary>
public sealed class CheddarWebhookException(string message, Exception? innerException = null) : Exception(message, innerException);
