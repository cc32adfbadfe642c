namespace DemoSaaS.Benchmarks.Reporting;

/// <summary>One row of the results table.</summary>
public sealed record Figure
{
    public required string Benchmark { get; init; }

    public required string Name { get; init; }

    public required string Value { get; init; }

    /// <summary>"—" when the figure has no target.</summary>
    public string Target { get; init; } = "—";

    public required Verdict Verdict { get; init; }

    public static Figure Info(string benchmark, string name, string value) =>
        new() { Benchmark = benchmark, Name = name, Value = value, Verdict = Verdict.Info };

    public static Figure Checked(string benchmark, string name, string value, string target, bool met) =>
        new() { Benchmark = benchmark, Name = name, Value = value, Target = target, Verdict = met ? Verdict.Pass : Verdict.BelowTarget };

    public static Figure NotMeasured(string benchmark, string name, string reason) =>
        new() { Benchmark = benchmark, Name = name, Value = reason, Verdict = Verdict.NotMeasured };
}
