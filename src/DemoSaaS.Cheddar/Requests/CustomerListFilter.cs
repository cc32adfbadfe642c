namespace DemoSaaS.Cheddar.Requests;

/// <summary>Filters for listing customers (<c>customers/get</c>); all optional, date bounds inclusive.</summary>
public sealed record CustomerListFilter
{
    public SubscriptionStatusFilter? SubscriptionStatus { get; init; }

    /// <summary>Customers on any of these plans.</summary>
    public IReadOnlyList<string>? PlanCodes { get; init; }

    public DateOnly? CreatedAfterDate { get; init; }
    public DateOnly? CreatedBeforeDate { get; init; }
    public DateOnly? CanceledAfterDate { get; init; }
    public DateOnly? CanceledBeforeDate { get; init; }
    public DateOnly? TransactedAfterDate { get; init; }
    public DateOnly? TransactedBeforeDate { get; init; }

    /// <summary><c>name</c> (default), <c>company</c>, <c>plan</c>, <c>billingDatetime</c> or <c>createdDatetime</c>.</summary>
    public string? OrderBy { get; init; }

    public bool Descending { get; init; }

    /// <summary>Matched against name, company, e-mail and the card's last four digits.</summary>
    public string? Search { get; init; }

    internal Dictionary<string, string> ToForm()
    {
        var form = new CheddarForm()
            .Add("subscriptionStatus", SubscriptionStatus switch
            {
                null => null,
                SubscriptionStatusFilter.ActiveOnly => "activeOnly",
                SubscriptionStatusFilter.CanceledOnly => "canceledOnly",
                _ => throw new ArgumentOutOfRangeException(nameof(SubscriptionStatus), SubscriptionStatus, "Unknown status filter."),
            });
        // PHP reads planCode[0], planCode[1]... as the same array as repeated planCode[].
        for (var i = 0; i < (PlanCodes?.Count ?? 0); i++)
        {
            form.Add($"planCode[{i}]", PlanCodes![i]);
        }
        return form
            .Add("createdAfterDate", CreatedAfterDate)
            .Add("createdBeforeDate", CreatedBeforeDate)
            .Add("canceledAfterDate", CanceledAfterDate)
            .Add("canceledBeforeDate", CanceledBeforeDate)
            .Add("transactedAfterDate", TransactedAfterDate)
            .Add("transactedBeforeDate", TransactedBeforeDate)
            .Add("orderBy", OrderBy)
            .Add("orderByDirection", Descending ? "desc" : null)
            .Add("search", Search)
            .Fields;
    }
}
