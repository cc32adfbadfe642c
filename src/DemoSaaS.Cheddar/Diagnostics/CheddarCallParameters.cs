using System.Net;
using System.Text.RegularExpressions;

namespace DemoSaaS.Cheddar.Diagnostics;

/// <summary>Reads a request's query and urlencoded form into parameters, with card fields and secrets masked.</summary>
public static partial class CheddarCallParameters
{
    public const string Masked = "(masked)";

    public const int MaxAnswerChars = 64 * 1024;

    /// <summary>
    /// Card data (number, card code, expiry) and anything secret-looking. Matched on the last bracket segment, so
    /// <c>subscription[ccNumber]</c> and <c>0[subscription][ccNumber]</c> are both masked.
    /// </summary>
    private static readonly string[] MaskedFields = ["ccNumber", "ccCardCode", "ccExpiration", "gatewayToken"];

    private static readonly string[] SecretWords = ["password", "secret", "token", "apikey", "key"];

    public static bool IsMasked(string key)
    {
        var field = key;
        var open = key.LastIndexOf('[');
        if (open >= 0 && key.EndsWith(']'))
        {
            field = key[(open + 1)..^1];
        }
        return MaskedFields.Any(f => field.Equals(f, StringComparison.OrdinalIgnoreCase))
            || SecretWords.Any(w => field.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// An answer with any run of 12 to 19 digits cut to its last four: the real Cheddar echoes a rejected card number
    /// whole in its error message (the sandbox masks it), and an observer must never be handed one. Ids, codes, dates
    /// and amounts in Cheddar's documents never hold such a run.
    /// </summary>
    public static string MaskAnswer(string answer) =>
        CardNumberLike().Replace(answer, match => new string('*', match.Length - 4) + match.Value[^4..]);

    [GeneratedRegex(@"(?<![0-9])[0-9]{12,19}(?![0-9])")]
    private static partial Regex CardNumberLike();

    /// <summary>Parses <c>a=1&amp;b=2</c> (a query without its <c>?</c>, or a form body) into masked pairs.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Parse(string encoded)
    {
        foreach (var pair in encoded.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var key = WebUtility.UrlDecode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : WebUtility.UrlDecode(pair[(equals + 1)..]);
            yield return new(key, IsMasked(key) ? Masked : value);
        }
    }
}
