using System.Reflection;
using Refit;

namespace DemoSaaS.Cheddar.Xml;

/// <summary>
/// Refit's serializer for Cheddar: responses are XML documents read by <see cref="CheddarXmlReader"/>.
/// Cheddar never accepts XML request bodies (they are form-urlencoded), so serializing is refused outright.
/// </summary>
internal sealed class CheddarXmlContentSerializer : IHttpContentSerializer
{
    public HttpContent ToHttpContent<T>(T item) =>
        throw new NotSupportedException("Cheddar takes form-urlencoded bodies; pass a Dictionary<string,string> with [Body(BodySerializationMethod.UrlEncoded)].");

    public async Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default)
    {
        if (typeof(T) != typeof(CheddarDocument))
        {
            throw new NotSupportedException($"Cheddar responses are read as {nameof(CheddarDocument)}, not {typeof(T).Name}.");
        }
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        return (T)(object)CheddarXmlReader.Read(stream);
    }

    public string? GetFieldNameForProperty(PropertyInfo propertyInfo) => propertyInfo.Name;
}
