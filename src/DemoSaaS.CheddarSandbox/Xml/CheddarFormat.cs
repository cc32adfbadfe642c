using System.Globalization;

namespace DemoSaaS.CheddarSandbox.Xml;

/// <summary>Cheddar's scalar formats on the wire.</summary>
public static class CheddarFormat
{
    /// <summary><c>2011-01-10T23:57:58+00:00</c>: UTC, numeric offset, no fraction; empty when null.</summary>
    public static string Datetime(DateTimeOffset? value) =>
        value is { } v ? v.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture) : "";

    /// <summary>Two decimals: <c>0.00</c>, <c>-8.00</c>.</summary>
    public static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Up to 4 decimals, no trailing zeros: <c>3</c>, <c>1.5</c>.</summary>
    public static string Quantity(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Boolean(bool value) => value ? "1" : "0";

    /// <summary>Cut to whole seconds: the wire has no fraction, so stored values carry none either.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value) =>
        new DateTimeOffset(value.UtcTicks - value.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
