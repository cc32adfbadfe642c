namespace DemoSaaS.Benchmarks.Reporting;

public enum Verdict
{
    /// <summary>Meets its target.</summary>
    Pass,

    /// <summary>Measured, but misses its target.</summary>
    BelowTarget,

    /// <summary>No target: a figure to read (e.g. a baseline or a count).</summary>
    Info,

    /// <summary>Could not be measured (the reason is in the value).</summary>
    NotMeasured,
}
