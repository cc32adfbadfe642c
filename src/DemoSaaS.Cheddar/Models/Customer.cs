namespace DemoSaaS.Cheddar.Models;

/// <summary>A Cheddar customer with its subscription history (newest first).</summary>
public sealed record Customer
{
    public required string Id { get; init; }
    public required string Code { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Company { get; init; }
    public string? Email { get; init; }
    public string? Notes { get; init; }
    public string? GatewayToken { get; init; }
    public bool IsVatExempt { get; init; }
    public string? VatNumber { get; init; }
    public DateTimeOffset? FirstContactDatetime { get; init; }
    public string? Referer { get; init; }
    public string? RefererHost { get; init; }
    public string? CampaignSource { get; init; }
    public string? CampaignMedium { get; init; }
    public string? CampaignTerm { get; init; }
    public string? CampaignContent { get; init; }
    public string? CampaignName { get; init; }

    /// <summary>Present on products created since 2011.</summary>
    public string? Key { get; init; }

    public DateTimeOffset? CreatedDatetime { get; init; }
    public DateTimeOffset? ModifiedDatetime { get; init; }
    public IReadOnlyList<MetaDatum> MetaData { get; init; } = [];

    /// <summary>All subscriptions, newest (current) first; older ones remain after plan changes and re-subscribing.</summary>
    public IReadOnlyList<Subscription> Subscriptions { get; init; } = [];

    /// <summary>Cheddar's rule: the first subscription is the current one.</summary>
    public Subscription? CurrentSubscription => Subscriptions.Count > 0 ? Subscriptions[0] : null;

    /// <summary>The value stored under a metadata name, or null.</summary>
    public string? FindMetaData(string name) => MetaData.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal))?.Value;

    /// <summary>True while the current subscription is not canceled at <paramref name="asOf"/>.</summary>
    public bool IsActive(DateTimeOffset asOf) => CurrentSubscription?.IsActive(asOf) ?? false;
}
