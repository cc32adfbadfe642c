using System.Net;
using System.Text.RegularExpressions;
using DemoSaaS.Cheddar;

namespace DemoSaaS.Web.Features.Billing.Cards;

/// <summary>
/// The one way Cheddar's error text reaches a page or a log, for signup and the account page alike: never with a card
/// number or security code in it, as one tidy sentence, and with the input it is about.
/// </summary>
public static partial class CheddarErrorText
{
    /// <summary>
    /// Cheddar's reason as a sentence a user can read: card-like digits cut to their last four, a quoted security code
    /// hidden, the trailing ": parameter" Cheddar appends to validation messages dropped, spaces collapsed, a final stop.
    /// </summary>
    public static string ForDisplay(CheddarException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        // Decide on the raw text (it names ccCardCode when the refused value is a security code), then clean it.
        var text = WithoutCardNumbers(error.CheddarMessage);
        if (error.FieldName is { Length: > 0 } fieldName && text.EndsWith(": " + fieldName, StringComparison.Ordinal))
        {
            text = text[..^(fieldName.Length + 2)];
        }
        text = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim();
        if (text.Length == 0)
        {
            return "No reason given.";
        }
        return text.EndsWith('.') ? text : text + ".";
    }

    /// <summary>
    /// Validation messages quote the value they refused ("'4111…' seems to contain an invalid checksum"); a card number
    /// must never reach a log or a page, so any long run of digits is cut to its last four. A refused CVV is quoted too,
    /// and it is short: any quoted value in a message about the card code is hidden. Use it for logs as well.
    /// </summary>
    public static string WithoutCardNumbers(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = CardNumberLike().Replace(message, m => "…" + new string(m.Value.Where(char.IsAsciiDigit).ToArray())[^4..]);
        return text.Contains("ccCardCode", StringComparison.Ordinal) ? QuotedValue().Replace(text, "'…'") : text;
    }

    /// <summary>
    /// The input a refusal is about: the parameter Cheddar names (subscription[ccNumber], ccZip, couponCode...), else,
    /// for a gateway decline, the card input its auxCode points at (5002 expiry, 6001 AVS/zip, 6002 security code,
    /// anything else the number). Null when Cheddar does not say.
    /// </summary>
    public static CheddarErrorField? FieldOf(CheddarException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var byName = FieldOfParameter(error.FieldName);
        if (byName is not null)
        {
            return byName;
        }
        if (error.IsGatewayDecline || error.StatusCode == HttpStatusCode.BadGateway)
        {
            return error.AuxCode switch
            {
                "5002" => CheddarErrorField.CardExpiry,
                "6001" => CheddarErrorField.CardZip,
                "6002" => CheddarErrorField.CardCvv,
                _ => CheddarErrorField.CardNumber,
            };
        }
        return null;
    }

    private static CheddarErrorField? FieldOfParameter(string? parameter)
    {
        if (string.IsNullOrEmpty(parameter))
        {
            return null;
        }
        // subscription[ccNumber] and ccNumber name the same input; 1[firstName] (import) too.
        var name = parameter.Contains('[') ? parameter[(parameter.LastIndexOf('[') + 1)..].TrimEnd(']') : parameter;
        return name switch
        {
            "ccNumber" or "ccType" => CheddarErrorField.CardNumber,
            "ccExpiration" => CheddarErrorField.CardExpiry,
            "ccCardCode" => CheddarErrorField.CardCvv,
            "ccZip" => CheddarErrorField.CardZip,
            "ccFirstName" => CheddarErrorField.CardFirstName,
            "ccLastName" => CheddarErrorField.CardLastName,
            "firstName" => CheddarErrorField.FirstName,
            "lastName" => CheddarErrorField.LastName,
            "email" => CheddarErrorField.Email,
            "couponCode" => CheddarErrorField.Coupon,
            "planCode" => CheddarErrorField.Plan,
            "changeBillDate" => CheddarErrorField.BillDate,
            _ => null,
        };
    }

    [GeneratedRegex(@"\d(?:[ -]?\d){7,}")]
    private static partial Regex CardNumberLike();

    [GeneratedRegex("'[^']*'")]
    private static partial Regex QuotedValue();
}
