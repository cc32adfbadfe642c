namespace DemoSaaS.Cheddar.Models;

/// <summary>One name/value pair an integrator stored on a customer (<c>metaData[name]=value</c>).</summary>
public sealed record MetaDatum
{
    public string? Id { get; init; }
    public required string Name { get; init; }
    public string? Value { get; init; }
    public DateTimeOffset? CreatedDatetime { get; init; }
    public DateTimeOffset? ModifiedDatetime { get; init; }
}
