namespace DemoSaaS.Cheddar.Requests;

/// <summary>A signup: the customer, their subscription (plan, card, coupon) and optional initial charges and usage (<c>customers/new</c>).</summary>
public sealed record NewCustomerRequest
{
    /// <summary>Your unique id for the customer, at most 255 characters.</summary>
    public required string Code { get; init; }

    public required string FirstName { get; init; }
    public required string LastName { get; init; }
    public required string Email { get; init; }
    public required NewSubscriptionRequest Subscription { get; init; }

    public string? Company { get; init; }
    public string? Notes { get; init; }

    /// <summary>Overrides the product's default tax rate, e.g. 0.123.</summary>
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
    public IReadOnlyDictionary<string, string>? MetaData { get; init; }

    /// <summary>The end user's IPv4 address, for Cheddar's fraud protection.</summary>
    public string? RemoteAddress { get; init; }

    public IReadOnlyList<ChargeRequest>? Charges { get; init; }
    public IReadOnlyList<ItemQuantityRequest>? Items { get; init; }

    internal Dictionary<string, string> ToForm()
    {
        var form = new CheddarForm()
            .Add("code", Code)
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
        Subscription.WriteTo(form, "subscription");
        return form.AddCharges(Charges).AddItems(Items).Fields;
    }
}
