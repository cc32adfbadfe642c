namespace DemoSaaS.Web.Infrastructure.Security;

/// <summary>
/// What free-text form fields may hold. Narrow on purpose: a name, postal code or coupon never needs markup,
/// brackets, semicolons or the U+FFFD a broken (non-UTF-8) submission decodes to, and refusing them at the edge
/// means no later page, mail, CSV or Cheddar request has to be trusted to encode them.
/// </summary>
public static class InputRules
{
    public const string NameMessage = "Use letters, spaces, apostrophes, hyphens and periods only.";
    public const string PostalCodeMessage = "Use letters, digits, spaces and hyphens only.";
    public const string CodeMessage = "Use letters, digits, hyphens and underscores only.";

    /// <summary>Letters (any script) and their marks, spaces, apostrophes, hyphens and periods.</summary>
    public static bool IsName(string value) =>
        value.All(c => char.IsLetter(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark
            || c is ' ' or '\'' or '\u2019' or '-' or '.')
        && !HasBrokenSurrogates(value);

    public static bool IsPostalCode(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-');

    public static bool IsCode(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static bool HasBrokenSurrogates(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }
        return false;
    }
}
