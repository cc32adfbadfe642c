using DemoSaaS.CheddarSandbox.Billing;

namespace DemoSaaS.CheddarSandbox.Control;

/// <summary>Where one advance left the clock, in how many steps, and what billing did on the way (null without an engine).</summary>
internal sealed record ClockAdvanceResult(DateTimeOffset Now, TimeSpan Offset, int Steps, BillingRunResult? Billing);
