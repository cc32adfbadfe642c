using System.Globalization;
using System.Xml.Linq;

namespace DemoSaaS.Cheddar.Xml;

/// <summary>
/// Cheddar's scalar formats, read defensively: missing and empty elements are null, booleans are 1/0,
/// numbers use the invariant culture, datetimes carry a numeric offset (older products used other offsets than +00:00).
/// </summary>
internal static class XmlValues
{
    public static string? Text(XElement parent, string name) => Clean(parent.Element(name)?.Value);

    public static string? Attribute(XElement element, string name) => Clean(element.Attribute(name)?.Value);

    public static string RequiredAttribute(XElement element, string name) =>
        Attribute(element, name) ?? throw new FormatException($"<{element.Name.LocalName}> has no {name} attribute.");

    public static string Clean(string? value, string fallback) => Clean(value) ?? fallback;

    public static string? Clean(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    public static bool Bool(XElement parent, string name) => NullableBool(parent, name) ?? false;

    public static bool? NullableBool(XElement parent, string name) => Text(parent, name) switch
    {
        null => null,
        "1" or "true" or "True" => true,
        "0" or "false" or "False" => false,
        var other => throw new FormatException($"<{name}> is not a Cheddar boolean: '{other}'."),
    };

    public static decimal Decimal(XElement parent, string name) => NullableDecimal(parent, name) ?? 0m;

    public static decimal? NullableDecimal(XElement parent, string name)
    {
        var text = Text(parent, name);
        return text is null ? null : ParseNumber(text, $"<{name}>");
    }

    /// <summary>Cheddar's number format (invariant culture), shared by its XML and its webhooks' JSON.</summary>
    public static decimal ParseNumber(string text, string what) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{what} is not a number: '{text}'.");

    /// <summary>Cheddar's datetimes: ISO 8601 with an offset; one without is taken as UTC.</summary>
    public static DateTimeOffset ParseDateTime(string text, string what) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new FormatException($"{what} is not a date: '{text}'.");

    public static int Int(XElement parent, string name) => NullableInt(parent, name) ?? 0;

    public static int? NullableInt(XElement parent, string name)
    {
        var value = NullableDecimal(parent, name);
        return value is null ? null : (int)value.Value;
    }

    public static DateTimeOffset? DateTime(XElement parent, string name)
    {
        var text = Text(parent, name);
        return text is null ? null : ParseDateTime(text, $"<{name}>");
    }

    /// <summary>Children of an optional wrapper, e.g. every &lt;item&gt; in &lt;items&gt;; empty when the wrapper is absent.</summary>
    public static IEnumerable<XElement> Children(XElement parent, string wrapper, string child) =>
        parent.Element(wrapper)?.Elements(child) ?? [];
}
