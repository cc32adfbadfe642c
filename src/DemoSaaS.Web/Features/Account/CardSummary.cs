namespace DemoSaaS.Web.Features.Account;

/// <summary>The card on file as Cheddar reports it: never more than type, last four and expiry.</summary>
public sealed record CardSummary
{
    /// <summary>Cheddar's type code: visa, mc, amex, disc, ...</summary>
    public required string Type { get; init; }

    public required string LastFour { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public string TypeName => Type switch
    {
        "visa" => "Visa",
        "mc" => "Mastercard",
        "amex" => "American Express",
        "disc" => "Discover",
        "diners" => "Diners Club",
        "jcb" => "JCB",
        _ => "Card",
    };

    public string Expiry => ExpiresAt is { } at ? $"{at.Month:00}/{at.Year}" : "unknown";
}
