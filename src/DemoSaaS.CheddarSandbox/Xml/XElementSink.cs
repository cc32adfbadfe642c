using System.Xml.Linq;

namespace DemoSaaS.CheddarSandbox.Xml;

/// <summary>Builds an <see cref="XElement"/> tree from <see cref="IXmlSink"/> calls.</summary>
internal sealed class XElementSink : IXmlSink
{
    private readonly Stack<XElement> _open = new();
    private XElement? _root;

    public static XElement Build(Action<IXmlSink> write)
    {
        var sink = new XElementSink();
        write(sink);
        return sink._root ?? throw new InvalidOperationException("Nothing was written.");
    }

    public void StartElement(string name)
    {
        var element = new XElement(name);
        if (_open.TryPeek(out var parent))
        {
            parent.Add(element);
        }
        else
        {
            _root = element;
        }
        _open.Push(element);
    }

    public void Attribute(string name, string value) => _open.Peek().Add(new XAttribute(name, value));

    public void EndElement() => _open.Pop();

    public void Element(string name, string? value) => _open.Peek().Add(new XElement(name, value));
}
