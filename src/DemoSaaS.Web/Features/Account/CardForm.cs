using DemoSaaS.Web.Infrastructure.Security;
using DemoSaaS.Cheddar.Requests;

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
    /// Checks what can be checked without Cheddar (so nothing obviously wrong is sent) and builds the request parts.
    /// Returns the field and message of the first problem instead.
    /// </summary>
    public (PaymentCard? Card, CardHolder? Holder, AccountField Field, string? Error) ToRequest()
    {
        if (string.IsNullOrWhiteSpace(FirstName) || string.IsNullOrWhiteSpace(LastName))
        {
            return (null, null, AccountField.CardName, "Enter the name on the card.");
        }
        if (FirstName.Trim().Length > 40 || LastName.Trim().Length > 40 || !InputRules.IsName(FirstName.Trim()) || !InputRules.IsName(LastName.Trim()))
        {
            return (null, null, AccountField.CardName, "Name on card: at most 40 characters each. " + InputRules.NameMessage);
        }
        var digits = new string(Number.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length is < 12 or > 19 || Number.Any(c => !char.IsAsciiDigit(c) && c is not (' ' or '-')))
        {
            return (null, null, AccountField.CardNumber, "Enter the card number (12 to 19 digits).");
        }
        if (!TryParseExpiry(Expiry, out var month, out var year))
        {
            return (null, null, AccountField.CardExpiry, "Enter the expiry as MM/YY.");
        }
        if (Cvv.Length is < 3 or > 4 || !Cvv.All(char.IsAsciiDigit))
        {
            return (null, null, AccountField.CardCvv, "Enter the 3 or 4 digit security code.");
        }
        if (string.IsNullOrWhiteSpace(Zip))
        {
            return (null, null, AccountField.CardZip, "Enter the billing zip code.");
        }
        if (Zip.Trim().Length > 20 || !InputRules.IsPostalCode(Zip.Trim()))
        {
            return (null, null, AccountField.CardZip, "Billing zip: at most 20 characters. " + InputRules.PostalCodeMessage);
        }
        return (
            new PaymentCard { Number = digits, ExpirationMonth = month, ExpirationYear = year, CardCode = Cvv },
            new CardHolder { FirstName = FirstName.Trim(), LastName = LastName.Trim(), Zip = Zip.Trim() },
            AccountField.None,
            null);
    }

    private static bool TryParseExpiry(string text, out int month, out int year)
    {
        month = year = 0;
        var parts = text.Trim().Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], out month) || !int.TryParse(parts[1], out year) || month is < 1 or > 12)
        {
            return false;
        }
        if (parts[1].Length == 2)
        {
            year += 2000;
        }
        return year is >= 2000 and <= 2099;
    }

    public override string ToString() => "CardForm { (card data not shown) }";
}
