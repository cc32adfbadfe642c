namespace DemoSaaS.Web.Features.Billing.Gating;

/// <summary>
/// How feature pages are gated (<c>Billing:Gating</c>). Only <see cref="Snapshot"/> is meant for running the
/// product; the other two exist so the benchmarks (tests/DemoSaaS.Benchmarks) can measure what gating costs.
/// </summary>
public enum GatingMode
{
    /// <summary>The product's gate: decisions from a per-customer customers/get snapshot with a TTL (the default).</summary>
    Snapshot,

    /// <summary>Benchmark/diagnostic only: no gate at all, every feature is allowed for every signed-in user.</summary>
    Off,

    /// <summary>Benchmark/diagnostic only: the naive gate, one customers/get per check, then the same decision as Snapshot.</summary>
    Naive,
}
