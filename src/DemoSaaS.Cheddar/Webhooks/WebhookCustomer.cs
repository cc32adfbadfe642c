using DemoSaaS.Cheddar.Models;

namespace DemoSaaS.Cheddar.Webhooks;

/// <summary>The customer as a webhook carries it (a subset of <see cref="Customer"/>).</summary>
public sealed record WebhookCustomer
{
    public string? Id { get; init; }
    public required string Code { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Email { get; init; }
    public string? Company { get; init; }
    public DateTimeOffset? CreatedDatetime { get; init; }
    public DateTimeOffset? ModifiedDatetime { get; init; }
    public IReadOnlyList<MetaDatum> MetaData { get; init; } = [];
}
