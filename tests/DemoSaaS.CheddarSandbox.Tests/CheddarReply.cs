using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;

namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>A raw API answer: status, body text and headers, with XML accessors.</summary>
public sealed record CheddarReply(HttpStatusCode Status, string Body, HttpResponseHeaders Headers, string? ContentType)
{
    public XDocument Document => XDocument.Parse(Body);

    public XElement Root => Document.Root!;

    public XElement Customer => Root.Element("customer") ?? throw new Xunit.Sdk.XunitException("No <customer> in:\n" + Body);

    /// <summary>The top-level or embedded error.</summary>
    public XElement Error => Root.Name == "error" ? Root : Root.Element("errors")?.Element("error") ?? throw new Xunit.Sdk.XunitException("No error in:\n" + Body);

    public void ShouldBeError(int code, string message, string auxCode = "")
    {
        Assert.True((int)Status == code, $"Expected HTTP {code}, got {(int)Status}:\n{Body}");
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), Error.Attribute("code")?.Value);
        Assert.Equal(message, Error.Value);
        Assert.Equal(auxCode, Error.Attribute("auxCode")?.Value);
        Assert.Matches("^[0-9]+$", Error.Attribute("id")?.Value ?? "");
    }
}
