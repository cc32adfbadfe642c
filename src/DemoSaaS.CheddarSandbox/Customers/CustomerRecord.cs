using System.Text.Json.Serialization;

namespace DemoSaaS.CheddarSandbox.Customers;

/// <summary>A customer as stored (one JSON document per customer). Mutable: loaded, changed and saved under the store's lock.</summary>
public sealed class CustomerRecord
{
    public required string Id { get; set; }
    public required string Code { get; set; }
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string Company { get; set; } = "";
    public string Email { get; set; } = "";
    public string Notes { get; set; } = "";
    public string GatewayToken { get; set; } = "";
    public bool IsVatExempt { get; set; }
    public string VatNumber { get; set; } = "";
    public decimal? TaxRate { get; set; }
    public DateTimeOffset? FirstContactDatetime { get; set; }
    public string Referer { get; set; } = "";
    public string CampaignSource { get; set; } = "";
    public string CampaignMedium { get; set; } = "";
    public string CampaignTerm { get; set; } = "";
    public string CampaignContent { get; set; } = "";
    public string CampaignName { get; set; } = "";
    public required string Key { get; set; }
    public DateTimeOffset CreatedDatetime { get; set; }
    public DateTimeOffset ModifiedDatetime { get; set; }
    public List<MetaDatumRecord> MetaData { get; set; } = [];

    /// <summary>Newest (current) first.</summary>
    public List<SubscriptionRecord> Subscriptions { get; set; } = [];

    // Derived, so not stored: it would write the whole current subscription a second time.
    [JsonIgnore]
    public SubscriptionRecord Current => Subscriptions[0];
}
