namespace DemoSaaS.CheddarSandbox.Gateway;

/// <summary>Result of one simulated charge. <see cref="AuxCode"/> is empty when approved.</summary>
public sealed record ChargeOutcome(bool Approved, string AuxCode, string Message);
