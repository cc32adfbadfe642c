using System.Globalization;

namespace DemoSaaS.Cheddar.Requests;

/// <summary>A new bill date for <c>changeBillDate</c>: a date (re-anchors the cycle) or <see cref="Now"/> (bill immediately).</summary>
public sealed record BillDate
{
    private BillDate(string value) => Value = value;

    /// <summary>Run the current invoice now; a decline comes back as an embedded error.</summary>
    public static BillDate Now { get; } = new("now");

    public static BillDate On(DateOnly date) => new(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public static BillDate At(DateTimeOffset instant) => new(instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));

    internal string Value { get; }

    public override string ToString() => Value;
}
