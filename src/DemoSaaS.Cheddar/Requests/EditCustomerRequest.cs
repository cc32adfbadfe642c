namespace DemoSaaS.Cheddar.Requests;

/// <summary>Changes to the customer record only (<c>customers/edit-customer</c>); fields left null are not changed.</summary>
public sealed record EditCustomerRequest
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Email { get; init; }
    public string? Company { get; init; }
    public string? Notes { get; init; }
    public decimal? TaxRate { get; init; }
    public bool? IsTaxExempt { get; init; }
    public string? TaxNumber { get; init; }
    public DateTimeOffset? FirstContactDatetime { get; init; }
    public string? Referer { get; init; }
    public string? CampaignSource { get; init; }
    public string? CampaignMedium { get; init; }
    public string? CampaignTerm { get; init; }
    public string? CampaignContent { get; init; }
    public string? CampaignName { get; init; }

    /// <summary>Adds or updates these metadata entries; others are kept.</summary>
    public IReadOnlyDictionary<string, string>? MetaData { get; init; }

    public string? RemoteAddress { get; init; }

    internal Dictionary<string, string> ToForm() => WriteTo(new CheddarForm()).Fields;

    internal CheddarForm WriteTo(CheddarForm form) => form
        .Add("firstName", FirstName)
        .Add("lastName", LastName)
        .Add("email", Email)
        .Add("company", Company)
        .Add("notes", Notes)
        .AddNumber("taxRate", TaxRate)
        .Add("isTaxExempt", IsTaxExempt)
        .Add("taxNumber", TaxNumber)
        .Add("firstContactDatetime", FirstContactDatetime)
        .Add("referer", Referer)
        .Add("campaignSource", CampaignSource)
        .Add("campaignMedium", CampaignMedium)
        .Add("campaignTerm", CampaignTerm)
        .Add("campaignContent", CampaignContent)
        .Add("campaignName", CampaignName)
        .AddMetaData(MetaData)
        .Add("remoteAddress", RemoteAddress);
}
