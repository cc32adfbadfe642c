namespace DemoSaaS.CheddarSandbox.Xml;

/// <summary>
/// Where a document is written, element by element: an <c>XElement</c> tree, or straight to UTF-8 bytes. One
/// description of a customer document (<see cref="CheddarDocuments"/>) serves both, so the two can never differ.
/// </summary>
public interface IXmlSink
{
    /// <summary>Opens an element; its attributes follow, then its children, then <see cref="EndElement"/>.</summary>
    void StartElement(string name);

    void Attribute(string name, string value);

    /// <summary>Closes the element opened last: <c>&lt;name /&gt;</c> when it got no children.</summary>
    void EndElement();

    /// <summary>An element with text: <c>&lt;name&gt;&lt;/name&gt;</c> for "", <c>&lt;name /&gt;</c> for null (as XElement).</summary>
    void Element(string name, string? value);
}
