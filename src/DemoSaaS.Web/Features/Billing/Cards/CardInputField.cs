namespace DemoSaaS.Web.Features.Billing.Cards;

/// <summary>The card input a problem belongs to; each page maps it to its own form field.</summary>
public enum CardInputField
{
    Name,
    Number,
    Expiry,
    Cvv,
    Zip,
}
