using System.Text.RegularExpressions;

namespace DemoSaaS.CheddarSandbox.Endpoints;

/// <summary>
/// A call's parameters: <c>/key/value</c> path pairs, query string and urlencoded body merged (first value wins per key,
/// path before query before body). Keys keep PHP bracket syntax (<c>subscription[planCode]</c>); nested groups such as
/// <c>charges[k][field]</c> and maps such as <c>metaData[name]</c> are read through <see cref="Groups"/> and <see cref="Map"/>.
/// </summary>
public sealed partial class ApiParameters
{
    private readonly List<KeyValuePair<string, string>> _values = [];

    public void Add(string key, string value) => _values.Add(new(key, value));

    public IEnumerable<string> Keys => _values.Select(v => v.Key).Distinct(StringComparer.Ordinal);

    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _values;

    public string? Get(string key) => _values.FirstOrDefault(v => v.Key == key).Value;

    public bool Has(string key) => _values.Any(v => v.Key == key);

    /// <summary>Every value given for <paramref name="key"/>, <c>key[]</c> or <c>key[n]</c> (repeatable filters like planCode[]).</summary>
    public IReadOnlyList<string> GetAll(string key) =>
        _values.Where(v => v.Key == key || v.Key == key + "[]" || (v.Key.StartsWith(key + "[", StringComparison.Ordinal) && IndexKey().IsMatch(v.Key[key.Length..])))
            .Select(v => v.Value).ToList();

    /// <summary><c>prefix[name]=value</c> pairs, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Map(string prefix)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in _values)
        {
            var match = MapKey().Match(key);
            if (match.Success && match.Groups[1].Value == prefix && result.All(r => r.Key != match.Groups[2].Value))
            {
                result.Add(new(match.Groups[2].Value, value));
            }
        }
        return result;
    }

    /// <summary><c>prefix[k][field]=value</c> grouped by k, in first-seen order of k.</summary>
    public IReadOnlyList<ParameterGroup> Groups(string prefix)
    {
        var groups = new List<ParameterGroup>();
        foreach (var (key, value) in _values)
        {
            var match = GroupKey().Match(key);
            if (!match.Success || match.Groups[1].Value != prefix)
            {
                continue;
            }
            var index = match.Groups[2].Value;
            var group = groups.FirstOrDefault(g => g.Index == index);
            if (group is null)
            {
                group = new ParameterGroup(prefix, index);
                groups.Add(group);
            }
            group.Fields.TryAdd(match.Groups[3].Value, value);
        }
        return groups;
    }

    /// <summary>True when any key starts with <c>prefix[</c> (the group was sent at all).</summary>
    public bool HasGroup(string prefix) => _values.Any(v => v.Key.StartsWith(prefix + "[", StringComparison.Ordinal));

    [GeneratedRegex(@"^\[\d*\]$")]
    private static partial Regex IndexKey();

    [GeneratedRegex(@"^([^\[\]]+)\[([^\[\]]*)\]$")]
    private static partial Regex MapKey();

    [GeneratedRegex(@"^([^\[\]]+)\[([^\[\]]*)\]\[([^\[\]]+)\]$")]
    private static partial Regex GroupKey();
}
