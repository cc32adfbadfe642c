using System.Xml.Linq;
using DemoSaaS.CheddarSandbox.Customers;

namespace DemoSaaS.CheddarSandbox.Endpoints;

/// <summary>
/// An API answer: HTTP status and XML document — a tree, or a <c>&lt;customers&gt;</c> document of
/// <see cref="Customers"/> that is written straight to the answer (the most frequent document, without building a tree).
/// </summary>
public sealed record XmlReply(int Status, XElement? Body, IReadOnlyList<CustomerRecord>? Customers = null)
{
    public static XmlReply Ok(XElement body) => new(200, body);

    public static XmlReply Ok(IReadOnlyList<CustomerRecord> customers) => new(200, null, customers);
}
