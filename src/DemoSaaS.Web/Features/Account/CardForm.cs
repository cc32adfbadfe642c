using DemoSaaS.Cheddar.Requests;
using DemoSaaS.Web.Features.Billing.Cards;

namespace DemoSaaS.Web.Features.Account;

/// <summary>
/// Card fields as typed in a dialog. Passed straight to Cheddar and cleared after every submit; never stored or logged
/// (<see cref="ToString"/> shows nothing of the number or CVV).
/// </summary>
public sealed class CardForm
{
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string Number { get; set; } = "";

    /// <summary>MM/YY or MM/YYYY.</summary>
    public string Expiry { get; set; } = "";

    public string Cvv { get; set; } = "";
    public string Zip { get; set; } = "";

    /// <summary>Forgets everything typed, so card data lives no longer than the call that needed it.</summary>
    public void Clear()
    {
        Number = "";
        Expiry = "";
        Cvv = "";
        FirstName = "";
        LastName = "";
        Zip = "";
    }

    /// <summary>
    /// Checks the input by the card rules every page shares (<see cref="CardInputValidator"/>) and builds the request
    /// parts, or returns the field and message of the first problem instead.
    /// </summary>
    public (PaymentCard? Card, CardHolder? Holder, AccountField Field, string? Error) ToRequest() => ToRequest(TimeProvider.System.GetUtcNow());

    /// <inheritdoc cref="ToRequest()"/>
    /// <param name="now">Decides whether the card has expired.</param>
    public (PaymentCard? Card, CardHolder? Holder, AccountField Field, string? Error) ToRequest(DateTimeOffset now)
    {
        var check = CardInputValidator.Check(new CardInput
        {
            FirstName = FirstName,
            LastName = LastName,
            Number = Number,
            Expiry = Expiry,
            Cvv = Cvv,
            Zip = Zip,
        }, now);
        if (check.Errors is [var first, ..])
        {
            return (null, null, CardFieldMap.From(first.Field), first.Message);
        }
        return (check.Card, check.Holder, AccountField.None, null);
    }

    public override string ToString() => "CardForm { (card data not shown) }";
}
