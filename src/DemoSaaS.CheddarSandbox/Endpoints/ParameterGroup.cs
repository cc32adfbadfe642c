namespace DemoSaaS.CheddarSandbox.Endpoints;

/// <summary>One <c>prefix[index][field]</c> group, e.g. <c>charges[0]</c>.</summary>
public sealed class ParameterGroup(string prefix, string index)
{
    public string Index { get; } = index;
    public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

    public string Name(string field) => $"{prefix}[{Index}][{field}]";
}
