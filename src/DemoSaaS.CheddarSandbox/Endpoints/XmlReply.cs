using System.Xml.Linq;

namespace DemoSaaS.CheddarSandbox.Endpoints;

/// <summary>An API answer: HTTP status and XML document.</summary>
public sealed record XmlReply(int Status, XElement Body)
{
    public static XmlReply Ok(XElement body) => new(200, body);
}
