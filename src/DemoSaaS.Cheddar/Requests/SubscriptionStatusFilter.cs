namespace DemoSaaS.Cheddar.Requests;

/// <summary>Customer list filter on the current subscription's state.</summary>
public enum SubscriptionStatusFilter
{
    ActiveOnly,
    CanceledOnly,
}
