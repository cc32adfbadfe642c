namespace DemoSaaS.CheddarSandbox.Endpoints;

/// <summary>
/// Subscription fields are <c>subscription[planCode]</c> on customers/new and edit, but bare <c>planCode</c> on
/// edit-subscription; a scope reads either and names fields in errors the way the caller sent them.
/// </summary>
public sealed class ParameterScope(ApiParameters parameters, string? prefix)
{
    public string Name(string field) => prefix is null ? field : $"{prefix}[{field}]";

    /// <summary>The field's value; a field sent as an array (<c>quantity[]=1</c>) where one value is expected is a 412.</summary>
    public string? Get(string field)
    {
        var name = Name(field);
        var value = parameters.Get(name);
        if (value is null && parameters.Keys.Any(k => k.StartsWith(name + "[", StringComparison.Ordinal)))
        {
            throw CheddarApiException.Invalid(name, "A list was sent where a single value is expected", "notScalar");
        }
        return value;
    }

    public bool Has(string field) => parameters.Has(Name(field));
}
