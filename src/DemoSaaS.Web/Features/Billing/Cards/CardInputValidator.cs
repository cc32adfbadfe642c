using System.Globalization;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.Web.Infrastructure.Security;

namespace DemoSaaS.Web.Features.Billing.Cards;

/// <summary>
/// The one set of rules for card input, used by signup and by the account page, so the same input gets the same answer
/// (and the same message) wherever it is typed. It checks what can be checked without Cheddar, so nothing obviously
/// wrong reaches the gateway; Cheddar still has the last word (checksum, declines).
/// </summary>
public static class CardInputValidator
{
    /// <summary>Longest first or last name on a card (Cheddar's ccFirstName/ccLastName limit).</summary>
    public const int MaxNameLength = 40;

    public const int MaxZipLength = 20;

    public const string NameRequiredMessage = "Enter the name on the card.";
    public const string NameTooLongMessage = "At most 40 characters.";
    public const string NumberRequiredMessage = "Enter your card number.";
    public const string NumberMessage = "A card number has 12 to 19 digits (spaces and dashes are fine).";
    public const string ExpiryRequiredMessage = "Enter the expiry date (MM/YY or MM/YYYY).";
    public const string ExpiryFormatMessage = "Use MM/YY or MM/YYYY, e.g. 04/30 or 04/2030.";
    public const string ExpiredMessage = "This card has expired.";
    public const string CvvMessage = "Enter the 3 or 4 digit security code.";
    public const string ZipRequiredMessage = "Enter the card's billing zip code.";
    public const string ZipTooLongMessage = "At most 20 characters.";

    /// <summary>Checks every field; <paramref name="now"/> decides whether the card has expired (it is valid through its expiry month).</summary>
    public static CardInputCheck Check(CardInput input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<CardInputError>();

        var firstName = input.FirstName?.Trim() ?? "";
        var lastName = input.LastName?.Trim() ?? "";
        if (firstName.Length == 0 || lastName.Length == 0)
        {
            errors.Add(new(CardInputField.Name, NameRequiredMessage));
        }
        else if (firstName.Length > MaxNameLength || lastName.Length > MaxNameLength)
        {
            errors.Add(new(CardInputField.Name, NameTooLongMessage));
        }
        else if (!InputRules.IsName(firstName) || !InputRules.IsName(lastName))
        {
            errors.Add(new(CardInputField.Name, InputRules.NameMessage));
        }

        var number = input.Number ?? "";
        var digits = new string(number.Where(char.IsAsciiDigit).ToArray());
        if (string.IsNullOrWhiteSpace(number))
        {
            errors.Add(new(CardInputField.Number, NumberRequiredMessage));
        }
        else if (digits.Length is < 12 or > 19 || number.Any(c => !char.IsAsciiDigit(c) && c is not (' ' or '-')))
        {
            errors.Add(new(CardInputField.Number, NumberMessage));
        }

        var month = 0;
        var year = 0;
        if (string.IsNullOrWhiteSpace(input.Expiry))
        {
            errors.Add(new(CardInputField.Expiry, ExpiryRequiredMessage));
        }
        else if (!TryParseExpiry(input.Expiry, out month, out year))
        {
            errors.Add(new(CardInputField.Expiry, ExpiryFormatMessage));
        }
        else if (year < now.UtcDateTime.Year || (year == now.UtcDateTime.Year && month < now.UtcDateTime.Month))
        {
            errors.Add(new(CardInputField.Expiry, ExpiredMessage));
        }

        var cvv = input.Cvv?.Trim() ?? "";
        if (cvv.Length is < 3 or > 4 || !cvv.All(char.IsAsciiDigit))
        {
            errors.Add(new(CardInputField.Cvv, CvvMessage));
        }

        var zip = input.Zip?.Trim() ?? "";
        if (zip.Length == 0)
        {
            errors.Add(new(CardInputField.Zip, ZipRequiredMessage));
        }
        else if (zip.Length > MaxZipLength)
        {
            errors.Add(new(CardInputField.Zip, ZipTooLongMessage));
        }
        else if (!InputRules.IsPostalCode(zip))
        {
            errors.Add(new(CardInputField.Zip, InputRules.PostalCodeMessage));
        }

        return errors.Count > 0
            ? new CardInputCheck { Errors = errors }
            : new CardInputCheck
            {
                Card = new PaymentCard { Number = digits, ExpirationMonth = month, ExpirationYear = year, CardCode = cvv },
                Holder = new CardHolder { FirstName = firstName, LastName = lastName, Zip = zip },
            };
    }

    /// <summary>MM/YY or MM/YYYY (spaces around the slash allowed); a two-digit year is 20YY.</summary>
    private static bool TryParseExpiry(string text, out int month, out int year)
    {
        month = year = 0;
        var parts = text.Trim().Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || parts[0].Length is < 1 or > 2 || parts[1].Length is not (2 or 4)
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out month)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out year)
            || month is < 1 or > 12)
        {
            return false;
        }
        if (parts[1].Length == 2)
        {
            year += 2000;
        }
        return year is >= 2000 and <= 2099;
    }
}
