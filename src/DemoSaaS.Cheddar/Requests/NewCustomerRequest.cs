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
        // The customer's own fields are edit-customer's, so their parameter names are written in one place.
        var form = CustomerFields().WriteTo(new CheddarForm().Add("code", Code));
        Subscription.WriteTo(form, "subscription");
        return form.AddCharges(Charges).AddItems(Items).Fields;
    }

    private EditCustomerRequest CustomerFields() => new()
    {
        FirstName = FirstName, LastName = LastName, Email = Email, Company = Company, Notes = Notes,
        TaxRate = TaxRate, IsTaxExempt = IsTaxExempt, TaxNumber = TaxNumber, FirstContactDatetime = FirstContactDatetime,
        Referer = Referer, CampaignSource = CampaignSource, CampaignMedium = CampaignMedium, CampaignTerm = CampaignTerm,
        CampaignContent = CampaignContent, CampaignName = CampaignName, MetaData = MetaData, RemoteAddress = RemoteAddress,
    };
}
