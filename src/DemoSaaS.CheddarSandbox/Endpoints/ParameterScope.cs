namespace DemoSaaS.CheddarSandbox.Endpoints;

/// <summary>
/// Subscription fields are <c>subscription[planCode]</c> on customers/new and edit, but bare <c>planCode</c> on
/// edit-subscription; a scope reads either and names fields in errors the way the caller sent them.
/// </summary>
public sealed class ParameterScope(ApiParameters parameters, string? prefix)
{
    public string Name(string field) => prefix is null ? field : $"{prefix}[{field}]";

    public string? Get(string field) => parameters.Get(Name(field));

    public bool Has(string field) => parameters.Has(Name(field));
}
