namespace DemoSaaS.CheddarSandbox.Webhooks;

/// <summary>The JSON body of POST /sandbox/webhooks/endpoints.</summary>
internal sealed record WebhookEndpointRequest
{
    public string? Url { get; init; }
}
