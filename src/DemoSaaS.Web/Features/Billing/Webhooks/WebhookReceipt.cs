namespace DemoSaaS.Web.Features.Billing.Webhooks;

/// <summary>What became of a verified webhook event.</summary>
public enum WebhookReceipt
{
    /// <summary>First delivery: stored and applied.</summary>
    Applied,

    /// <summary>A redelivery of an event already stored: nothing done.</summary>
    Duplicate,
}
