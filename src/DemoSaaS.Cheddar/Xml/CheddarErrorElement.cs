using System.Xml.Linq;

namespace DemoSaaS.Cheddar.Xml;

/// <summary>One <c>&lt;error id code auxCode&gt;message&lt;/error&gt;</c>, top-level or embedded in <c>&lt;errors&gt;</c>.</summary>
internal sealed record CheddarErrorElement(int? Code, string? Id, string? AuxCode, string Message)
{
    public static CheddarErrorElement Parse(XElement error)
    {
        var codeText = XmlValues.Attribute(error, "code");
        return new CheddarErrorElement(
            int.TryParse(codeText, out var code) ? code : null,
            XmlValues.Attribute(error, "id"),
            XmlValues.Attribute(error, "auxCode"),
            XmlValues.Clean(error.Value, "(Cheddar sent no message)"));
    }
}
