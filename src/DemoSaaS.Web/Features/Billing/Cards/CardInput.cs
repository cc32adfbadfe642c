namespace DemoSaaS.Web.Features.Billing.Cards;

/// <summary>
/// Card fields exactly as typed on any page (signup, the account page's card and plan dialogs). Never stored or
/// logged: <see cref="ToString"/> shows nothing of them.
/// </summary>
public sealed record CardInput
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Number { get; init; }

    /// <summary>MM/YY or MM/YYYY.</summary>
    public string? Expiry { get; init; }

    public string? Cvv { get; init; }
    public string? Zip { get; init; }

    public override string ToString() => "CardInput { (card data not shown) }";
}
