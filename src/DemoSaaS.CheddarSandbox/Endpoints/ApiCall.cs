using DemoSaaS.CheddarSandbox.Billing;

namespace DemoSaaS.CheddarSandbox.Endpoints;

/// <summary>One authenticated API call: its merged parameters, method, the clock's now and a billing unit of work.</summary>
public sealed record ApiCall(string Section, string Action, string Method, ApiParameters Parameters, DateTimeOffset Now, SubscriptionBilling Billing)
{
    public ParameterScope Root => new(Parameters, null);
}
