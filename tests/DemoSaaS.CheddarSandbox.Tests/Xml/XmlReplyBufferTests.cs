using System.Text;
using System.Xml;
using System.Xml.Linq;
using DemoSaaS.CheddarSandbox.Xml;

namespace DemoSaaS.CheddarSandbox.Tests.Xml;

/// <summary>
/// The sandbox writes its replies with its own UTF-8 writer for speed; a client must get exactly the bytes .NET's
/// XmlWriter would have written, whatever text a customer typed into a name, note or metadata value.
/// </summary>
public sealed class XmlReplyBufferTests
{
    public static TheoryData<string> Texts() =>
    [
        "Ada Lovelace",
        "",
        "  leading and trailing  ",
        "Tom & Jerry <sales> \"quoted\" 'single'",
        "a > b; c &amp; d",
        "Zoë Ñúñez — 東京 🧀",
        "line one\nline two",
        "windows\r\nline",
        "tab\there",
        "]]> looks like CDATA end",
        "lone surrogate \ud800 in text",
        "control \u0001 character",
        "\u00a0non-breaking and \u2028 separator",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_document_with_any_text_in_elements_and_attributes_is_written_as_XmlWriter_writes_it(string text)
    {
        var document = new XElement("customers",
            new XElement("customer", new XAttribute("id", "c1"), new XAttribute("code", text),
                new XElement("firstName", text),
                new XElement("notes"),
                new XElement("metaData", new XElement("metaDatum", new XAttribute("id", "m1"), new XElement("name", "k"), new XElement("value", text)))));

        string expected;
        try
        {
            expected = Reference(document);
        }
        catch (ArgumentException)
        {
            // XmlWriter refuses this text outright; the fast writer must refuse it too rather than invent bytes.
            Assert.ThrowsAny<ArgumentException>(() => XmlReplyBuffer.Write(document).Dispose());
            return;
        }
        using var reply = XmlReplyBuffer.Write(document);

        Assert.Equal(expected, Encoding.UTF8.GetString(reply.Written.Span));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_document_written_straight_to_bytes_equals_the_same_description_built_as_a_tree_and_written_by_XmlWriter(string text)
    {
        void Describe(IXmlSink sink)
        {
            sink.StartElement("customers");
            sink.StartElement("customer");
            sink.Attribute("id", "c1");
            sink.Attribute("code", text);
            sink.Element("firstName", text);
            sink.Element("company", "");
            sink.Element("notes", null);
            sink.StartElement("subscriptions");
            sink.EndElement();
            sink.EndElement();
            sink.EndElement();
        }
        var tree = XElementSink.Build(Describe);

        string expected;
        try
        {
            expected = Reference(tree);
        }
        catch (ArgumentException)
        {
            Assert.ThrowsAny<ArgumentException>(() => XmlReplyBuffer.Write(Describe, () => tree).Dispose());
            return;
        }
        using var reply = XmlReplyBuffer.Write(Describe, () => tree);

        Assert.Equal(expected, Encoding.UTF8.GetString(reply.Written.Span));
    }

    [Fact]
    public void An_error_document_is_written_as_XmlWriter_writes_it()
    {
        var error = CheddarDocuments.Error(7, 412, "", "A value is required: subscription[ccNumber] & <more>");

        using var reply = XmlReplyBuffer.Write(error);

        Assert.Equal(Reference(error), Encoding.UTF8.GetString(reply.Written.Span));
    }

    /// <summary>What the sandbox wrote before its own writer: our declaration, then XmlWriter with two-space indents.</summary>
    private static string Reference(XElement root)
    {
        var settings = new XmlWriterSettings
        {
            OmitXmlDeclaration = true, Indent = true, IndentChars = "  ", NewLineChars = "\n",
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            root.WriteTo(writer);
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
