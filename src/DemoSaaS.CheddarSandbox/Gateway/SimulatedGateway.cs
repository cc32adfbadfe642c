using System.Globalization;
using DemoSaaS.CheddarSandbox.Customers;
using DemoSaaS.CheddarSandbox.Endpoints;

namespace DemoSaaS.CheddarSandbox.Gateway;

/// <summary>
/// Cheddar's developer-mode gateway: card numbers are checked (digits, Luhn, length, type from prefix, expiry) and
/// <c>ccZip</c> drives simulated failures — <c>0XXXX</c> fails now with auxCode XXXX, <c>1XXXX</c> is accepted now
/// and fails every later charge with XXXX. Only type, last four and expiry survive this class.
/// </summary>
public sealed class SimulatedGateway
{
    public const string Token = "SIMULATED";
    public const string GatewayName = "CheddarGateway_Simulator";

    private static readonly string[] CardFields = ["ccFirstName", "ccLastName", "ccZip", "ccNumber", "ccExpiration", "ccCardCode"];

    /// <summary>True when the call carries any card field at all.</summary>
    public static bool HasCardFields(ParameterScope scope) =>
        CardFields.Concat(["ccCompany", "ccCountry", "ccAddress", "ccCity", "ccState"]).Any(scope.Has);

    /// <summary>
    /// Field validation (412) in Cheddar's order: ccFirstName, ccLastName, ccZip, ccNumber, ccExpiration, ccCardCode.
    /// With a card on file any subset may be sent; a new number needs its expiry and card code.
    /// </summary>
    public static CardEntry ValidateFields(ParameterScope scope, SubscriptionRecord? onFile)
    {
        var hasCard = onFile?.HasCard == true;
        var newNumber = scope.Get("ccNumber");
        var firstName = Field(scope, "ccFirstName", onFile?.CcFirstName, required: !hasCard, max: 40);
        var lastName = Field(scope, "ccLastName", onFile?.CcLastName, required: !hasCard, max: 40);
        var zip = Field(scope, "ccZip", onFile?.CcZip, required: !hasCard, max: 20);
        var company = Field(scope, "ccCompany", onFile?.CcCompany, required: false, max: 60);
        var country = Field(scope, "ccCountry", onFile?.CcCountry, required: false, max: 60);
        var address = Field(scope, "ccAddress", onFile?.CcAddress, required: false, max: 60);
        var city = Field(scope, "ccCity", onFile?.CcCity, required: false, max: 40);
        var state = Field(scope, "ccState", onFile?.CcState, required: false, max: 40);

        CardOnFile? card = null;
        if (!hasCard || !string.IsNullOrEmpty(newNumber))
        {
            var number = ValidateNumber(scope, newNumber);
            var expiration = ValidateExpiration(scope, required: true)!.Value;
            ValidateCardCode(scope);
            card = new CardOnFile(TypeOf(number), number[^4..], expiration);
        }
        else if (ValidateExpiration(scope, required: false) is { } expiration)
        {
            card = new CardOnFile(onFile!.CcType, onFile.CcLastFour, expiration);
        }
        return new CardEntry(firstName, lastName, company, country, address, city, state, zip, card);
    }

    /// <summary>
    /// A card is good through the last day of its expiry month. Cheddar stores that day at midnight
    /// (<c>ccExpirationDate</c>), so the card has expired only once that whole day is over.
    /// </summary>
    private static bool HasExpired(DateTimeOffset expirationDate, DateTimeOffset at) => at >= expirationDate.AddDays(1);

    /// <summary>The gateway's verdict on storing a card; throws the gateway error (422/502/500 with auxCode).</summary>
    public static void Verify(CardEntry entry, DateTimeOffset now)
    {
        if (GatewayResults.SimulatedFailure(entry.Zip, '0') is { } simulated)
        {
            throw Failure(simulated);
        }
        if (entry.Card is null)
        {
            return;
        }
        if (entry.Card.Type is not ("visa" or "mc" or "disc" or "amex"))
        {
            throw Failure("5003");
        }
        if (HasExpired(entry.Card.ExpirationDate, now))
        {
            throw Failure("5002");
        }
    }

    /// <summary>
    /// Charges the subscription's card. <paramref name="atCardEntry"/> = the card was entered in this very call,
    /// so a delayed-failure card (ccZip=1XXXX) still succeeds.
    /// </summary>
    public static ChargeOutcome Charge(SubscriptionRecord subscription, decimal amount, DateTimeOffset at, bool atCardEntry)
    {
        if (amount <= 0m)
        {
            return new ChargeOutcome(true, "", "");
        }
        if (!subscription.HasCard)
        {
            return Declined(GatewayResults.Declined);
        }
        if (subscription.CcExpirationDate is { } expiration && HasExpired(expiration, at))
        {
            return Declined("5002");
        }
        if (!atCardEntry && GatewayResults.SimulatedFailure(subscription.CcZip, '1') is { } delayed)
        {
            return Declined(delayed);
        }
        return new ChargeOutcome(true, "", "");
    }

    public static CheddarApiException Failure(string auxCode) =>
        new(GatewayResults.HttpStatus(auxCode), GatewayResults.Message(auxCode), auxCode);

    private static ChargeOutcome Declined(string auxCode) => new(false, auxCode, GatewayResults.Message(auxCode));

    private static string Field(ParameterScope scope, string field, string? onFile, bool required, int max)
    {
        var value = scope.Get(field);
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                throw CheddarApiException.Required(scope.Name(field));
            }
            return value ?? onFile ?? "";
        }
        if (value.Length > max)
        {
            throw CheddarApiException.TooLong(scope.Name(field), value, max);
        }
        return value;
    }

    private static string ValidateNumber(ParameterScope scope, string? number)
    {
        var field = scope.Name("ccNumber");
        if (string.IsNullOrEmpty(number))
        {
            throw CheddarApiException.Required(field);
        }
        // Errors echo the number masked: card numbers must not end up in anyone's logs through error texts.
        var masked = number.Length > 4 ? new string('*', number.Length - 4) + number[^4..] : number;
        if (!number.All(char.IsAsciiDigit))
        {
            throw CheddarApiException.Invalid(field, $"'{masked}' must contain only digits", "creditcardContent");
        }
        if (TypeOf(number) == "unk")
        {
            throw CheddarApiException.Invalid(field, $"'{(number.Length > 4 ? masked : number)}' is not from an allowed institute", "creditcardPrefix");
        }
        if (!LengthFits(number))
        {
            throw CheddarApiException.Invalid(field, $"'{masked}' contains an invalid amount of digits", "creditcardLength");
        }
        if (!PassesLuhn(number))
        {
            throw CheddarApiException.Invalid(field, $"'{masked}' seems to contain an invalid checksum", "creditcardChecksum");
        }
        return number;
    }

    private static DateTimeOffset? ValidateExpiration(ParameterScope scope, bool required)
    {
        var field = scope.Name("ccExpiration");
        var value = scope.Get("ccExpiration");
        if (string.IsNullOrEmpty(value))
        {
            return required ? throw CheddarApiException.Required(field) : null;
        }
        if (!DateTime.TryParseExact(value, "MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            throw CheddarApiException.Invalid(field, $"'{value}' is not a valid date in format MM/YYYY", "dateInvalidDate");
        }
        // Cheddar reports the last day of the month at midnight.
        var lastDay = new DateTimeOffset(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month), 0, 0, 0, TimeSpan.Zero);
        return lastDay;
    }

    private static void ValidateCardCode(ParameterScope scope)
    {
        var field = scope.Name("ccCardCode");
        var value = scope.Get("ccCardCode");
        if (string.IsNullOrEmpty(value))
        {
            throw CheddarApiException.Required(field);
        }
        if (value.Length is < 3 or > 4 || !value.All(char.IsAsciiDigit))
        {
            // Never echo the card code.
            throw CheddarApiException.Invalid(field, "The card code must be 3 or 4 digits", "cardCodeInvalid");
        }
    }

    /// <summary>Card type from the number's prefix: visa, mc, amex, disc, diners, jcb, else unk.</summary>
    public static string TypeOf(string number)
    {
        static bool Between(string n, int digits, int low, int high) =>
            n.Length >= digits && int.TryParse(n[..digits], out var p) && p >= low && p <= high;

        if (number.StartsWith('4')) return "visa";
        if (Between(number, 2, 51, 55) || Between(number, 4, 2221, 2720)) return "mc";
        if (number.StartsWith("34") || number.StartsWith("37")) return "amex";
        if (number.StartsWith("6011") || number.StartsWith("65") || Between(number, 3, 644, 649)) return "disc";
        if (number.StartsWith("36") || number.StartsWith("38") || Between(number, 3, 300, 305)) return "diners";
        if (number.StartsWith("35")) return "jcb";
        return "unk";
    }

    private static bool LengthFits(string number) => TypeOf(number) switch
    {
        "visa" => number.Length is 13 or 16 or 19,
        "amex" => number.Length == 15,
        "diners" => number.Length is 14 or 16,
        _ => number.Length is 16,
    };

    private static bool PassesLuhn(string number)
    {
        var sum = 0;
        var doubled = false;
        for (var i = number.Length - 1; i >= 0; i--)
        {
            var digit = number[i] - '0';
            if (doubled)
            {
                digit *= 2;
                if (digit > 9) digit -= 9;
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
