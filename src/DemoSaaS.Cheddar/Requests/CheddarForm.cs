using System.Globalization;

namespace DemoSaaS.Cheddar.Requests;

/// <summary>
/// Builds Cheddar's form body with PHP bracket names (<c>subscription[planCode]</c>, <c>items[0][quantity]</c>) in
/// Cheddar's formats. Null values are left out, so edits change only the fields a caller set.
/// </summary>
internal sealed class CheddarForm
{
    private readonly Dictionary<string, string> _fields = new(StringComparer.Ordinal);

    public Dictionary<string, string> Fields => _fields;

    public CheddarForm Add(string name, string? value)
    {
        if (value is not null)
        {
            _fields[name] = value;
        }
        return this;
    }

    /// <summary>Money: exactly two decimals, negative for credits.</summary>
    public CheddarForm AddMoney(string name, decimal? value) =>
        Add(name, value?.ToString("0.00", CultureInfo.InvariantCulture));

    /// <summary>Quantities and rates: up to four decimals, trailing zeros trimmed.</summary>
    public CheddarForm AddNumber(string name, decimal? value) =>
        Add(name, value?.ToString("0.####", CultureInfo.InvariantCulture));

    public CheddarForm Add(string name, int? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public CheddarForm Add(string name, bool? value) => Add(name, value is null ? null : value.Value ? "1" : "0");

    public CheddarForm Add(string name, DateOnly? value) => Add(name, value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public CheddarForm Add(string name, DateTimeOffset? value) =>
        Add(name, value?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));

    public CheddarForm AddMetaData(IReadOnlyDictionary<string, string>? metaData)
    {
        foreach (var (key, value) in metaData ?? new Dictionary<string, string>())
        {
            Add($"metaData[{key}]", value);
        }
        return this;
    }

    public CheddarForm AddCharges(IReadOnlyList<ChargeRequest>? charges)
    {
        for (var i = 0; i < (charges?.Count ?? 0); i++)
        {
            charges![i].WriteTo(this, $"charges[{i}]");
        }
        return this;
    }

    public CheddarForm AddItems(IReadOnlyList<ItemQuantityRequest>? items)
    {
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            Add($"items[{i}][itemCode]", items![i].ItemCode);
            AddNumber($"items[{i}][quantity]", items[i].Quantity);
        }
        return this;
    }
}
