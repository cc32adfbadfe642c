namespace DemoSaaS.Web.Tests.Security;

/// <summary>The bad values every field and endpoint is sent, by name (test names stay readable).</summary>
public static class HostileValues
{
    public static readonly IReadOnlyDictionary<string, string?> ByName = new Dictionary<string, string?>
    {
        ["missing"] = null,
        ["empty"] = "",
        ["whitespace"] = "   \t ",
        ["oversized"] = new string('9', 100_000),
        ["wrong type"] = "{\"$ne\":null}",
        ["markup"] = "<b onmouseover=alert(1)>x</b>",
        ["script"] = "<script>alert(document.cookie)</script>",
        ["sql"] = "' OR 1=1; DROP TABLE AspNetUsers; --",
        ["control characters"] = "a\u0000b\u0007c\u001b[2J",
        ["long unicode"] = string.Concat(Enumerable.Repeat("\U0001D518é中\u202E", 2_000)),
        ["lone surrogate"] = "ab\uD800cd",
    };

    public static IEnumerable<string> Names => ByName.Keys;

    /// <summary>Raw form bodies that are not valid UTF-8 or valid percent-encoding.</summary>
    public static readonly IReadOnlyDictionary<string, byte[]> MalformedEncodings = new Dictionary<string, byte[]>
    {
        ["invalid utf-8"] = [0xC3, 0x28, 0xFF, 0xFE, 0x41],
        ["bad percent-encoding"] = "%ZZ%E0%A4%A%"u8.ToArray(),
        ["overlong utf-8 slash"] = "%C0%AF..%C0%AF"u8.ToArray(),
    };
}
