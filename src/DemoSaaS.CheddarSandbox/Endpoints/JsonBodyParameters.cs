using System.Text.Json;

namespace DemoSaaS.CheddarSandbox.Endpoints;

/// <summary>
/// Reads a JSON request body (Cheddar's "Sample Integration Roadmap" posts JSON) as the same parameters a form body
/// gives: <c>{"subscription":{"planCode":"FREE"}}</c> is <c>subscription[planCode]=FREE</c>, an array element is
/// <c>name[0]</c>, <c>name[1]</c>… (so <c>charges</c> groups and <c>planCode[]</c> filters read the same), a number is
/// its JSON text, <c>true</c>/<c>false</c> are Cheddar's <c>1</c>/<c>0</c> and <c>null</c> is an empty value. Everything
/// after this (validation, the answer) is the form path's, so JSON and form callers cannot drift apart.
/// </summary>
public static class JsonBodyParameters
{
    private static readonly JsonDocumentOptions Options = new()
    {
        // A key given twice has no single meaning; refusing it is clearer than picking one silently.
        AllowDuplicateProperties = false,
        MaxDepth = 16,
    };

    /// <summary>Adds the body's parameters; a body that is not one JSON object is a 400 naming what is wrong.</summary>
    public static void Read(ReadOnlyMemory<byte> body, ApiParameters parameters)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException error)
        {
            throw new CheddarApiException(400, $"The request body is not valid JSON (application/json): {Describe(error)}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CheddarApiException(400, $"The JSON request body must be an object of parameters, not {Article(document.RootElement.ValueKind)}");
            }
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.Length == 0)
                {
                    throw new CheddarApiException(400, "The JSON request body has a parameter with an empty name");
                }
                Add(property.Name, property.Value, parameters);
            }
        }
    }

    private static void Add(string name, JsonElement value, ApiParameters parameters)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    Add($"{name}[{property.Name}]", property.Value, parameters);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var element in value.EnumerateArray())
                {
                    Add($"{name}[{index++}]", element, parameters);
                }
                break;
            case JsonValueKind.String:
                parameters.Add(name, value.GetString()!);
                break;
            case JsonValueKind.Number:
                // The text as sent ("2.50" stays "2.50"), so Cheddar's own number rules (at most 4 decimals…) judge it.
                parameters.Add(name, value.GetRawText());
                break;
            case JsonValueKind.True:
                parameters.Add(name, "1");
                break;
            case JsonValueKind.False:
                parameters.Add(name, "0");
                break;
            default:
                parameters.Add(name, "");
                break;
        }
    }

    private static string Describe(JsonException error) =>
        error.LineNumber is { } line && error.BytePositionInLine is { } position
            ? $"{FirstSentence(error.Message)} (line {line + 1}, byte {position + 1})"
            : FirstSentence(error.Message);

    /// <summary>System.Text.Json appends its own "LineNumber: … | BytePositionInLine: …" which we say more plainly.</summary>
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }

    private static string Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Null => "null",
        _ => "true or false",
    };
}
