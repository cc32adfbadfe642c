namespace DemoSaaS.CheddarSandbox.Faults;

/// <summary>The wire names of <see cref="FaultKind"/> (exact names only: no numbers, no comma-joined flags).</summary>
internal static class FaultKindNames
{
    private static readonly Dictionary<string, FaultKind> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["status"] = FaultKind.Status,
        ["rateLimit"] = FaultKind.RateLimit,
        ["latency"] = FaultKind.Latency,
        ["hang"] = FaultKind.Hang,
        ["applyThenFail"] = FaultKind.ApplyThenFail,
    };

    public static bool TryParse(string name, out FaultKind kind) => ByName.TryGetValue(name.Trim(), out kind);

    public static string NameOf(FaultKind kind) => ByName.First(pair => pair.Value == kind).Key;
}
