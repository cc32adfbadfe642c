using System.Buffers;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace DemoSaaS.CheddarSandbox.Xml;

/// <summary>
/// A reply document as UTF-8 bytes in a pooled buffer, byte for byte what <see cref="XmlWriter"/> writes with two-space
/// indentation (after our own declaration line), without XmlWriter's per-call buffers and checks: a customer document
/// is written on every call, and those allocations were most of a call's garbage. Anything outside the plain shape the
/// sandbox builds (namespaces, mixed content, comments, characters that XmlWriter would refuse or rewrite) is written
/// by XmlWriter itself, so the output never differs. Dispose returns the buffer.
/// </summary>
internal sealed class XmlReplyBuffer : IXmlSink, IDisposable
{
    private static readonly byte[] Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"u8.ToArray();

    private static readonly XmlWriterSettings Indented = new()
    {
        OmitXmlDeclaration = true, Indent = true, IndentChars = "  ", NewLineChars = "\n",
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
    };

    private readonly Stack<string> _open = new();
    private byte[] _buffer;
    private int _length;

    /// <summary>Written as a sink: the open element's start tag still lacks its <c>&gt;</c>.</summary>
    private bool _tagOpen;

    /// <summary>Written as a sink: something XmlWriter would write differently came up (see <see cref="IsPlain"/>).</summary>
    private bool _needsXmlWriter;

    private XmlReplyBuffer(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    public static XmlReplyBuffer Write(XElement root)
    {
        var reply = new XmlReplyBuffer(16 * 1024);
        reply.Append(Declaration);
        reply.WriteTree(root);
        reply.Append("\n"u8);
        return reply;
    }

    /// <summary>
    /// A document written by <paramref name="write"/> straight into the buffer, without building a tree; if it meets
    /// text that needs XmlWriter, the document is written again from <paramref name="tree"/> (the same description).
    /// </summary>
    public static XmlReplyBuffer Write(Action<IXmlSink> write, Func<XElement> tree)
    {
        var reply = new XmlReplyBuffer(16 * 1024);
        reply.Append(Declaration);
        write(reply);
        if (reply._needsXmlWriter || reply._open.Count > 0)
        {
            reply._length = Declaration.Length;
            reply.WriteTree(tree());
        }
        reply.Append("\n"u8);
        return reply;
    }

    public void StartElement(string name)
    {
        CloseStartTag();
        if (_open.Count > 0)
        {
            Indent(_open.Count);
        }
        Append("<");
        AppendText(name);
        _open.Push(name);
        _tagOpen = true;
    }

    public void Attribute(string name, string value)
    {
        if (!_tagOpen)
        {
            throw new InvalidOperationException("Attributes come right after their element's start.");
        }
        _needsXmlWriter |= !IsPlain(value, inAttribute: true);
        Append(" ");
        AppendText(name);
        Append("=\"");
        AppendEscaped(value, inAttribute: true);
        Append("\"");
    }

    public void EndElement()
    {
        var name = _open.Pop();
        if (_tagOpen)
        {
            Append(" />");
            _tagOpen = false;
            return;
        }
        Indent(_open.Count);
        Append("</");
        AppendText(name);
        Append(">");
    }

    public void Element(string name, string? value)
    {
        CloseStartTag();
        if (_open.Count > 0)
        {
            Indent(_open.Count);
        }
        Append("<");
        AppendText(name);
        if (value is null)
        {
            Append(" />");
            return;
        }
        _needsXmlWriter |= !IsPlain(value, inAttribute: false);
        Append(">");
        AppendEscaped(value, inAttribute: false);
        Append("</");
        AppendText(name);
        Append(">");
    }

    private void CloseStartTag()
    {
        if (_tagOpen)
        {
            Append(">");
            _tagOpen = false;
        }
    }

    private void WriteTree(XElement root)
    {
        var start = _length;
        if (!TryElement(root, depth: 0))
        {
            _length = start;
            WriteWithXmlWriter(root);
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool TryElement(XElement element, int depth)
    {
        if (element.Name.Namespace != XNamespace.None)
        {
            return false;
        }
        var name = element.Name.LocalName;
        Append("<");
        AppendText(name);
        // The linked lists, not Attributes()/Nodes(): their iterators were most of what writing a reply allocated.
        for (var attribute = element.FirstAttribute; attribute is not null; attribute = attribute.NextAttribute)
        {
            if (attribute.IsNamespaceDeclaration || attribute.Name.Namespace != XNamespace.None || !IsPlain(attribute.Value, inAttribute: true))
            {
                return false;
            }
            Append(" ");
            AppendText(attribute.Name.LocalName);
            Append("=\"");
            AppendEscaped(attribute.Value, inAttribute: true);
            Append("\"");
        }
        if (element.IsEmpty)
        {
            Append(" />");
            return true;
        }
        Append(">");
        var hasElements = false;
        var hasText = false;
        for (var node = element.FirstNode; node is not null; node = node.NextNode)
        {
            switch (node)
            {
                case XElement child when !hasText:
                    hasElements = true;
                    Indent(depth + 1);
                    if (!TryElement(child, depth + 1))
                    {
                        return false;
                    }
                    break;
                case XText text when !hasElements && node is not XCData && IsPlain(text.Value, inAttribute: false):
                    hasText = true;
                    AppendEscaped(text.Value, inAttribute: false);
                    break;
                default:
                    return false;
            }
        }
        if (hasElements)
        {
            Indent(depth);
        }
        Append("</");
        AppendText(name);
        Append(">");
        return true;
    }

    /// <summary>
    /// Text XmlWriter writes with plain escaping: no control characters but a line feed in element text (it rewrites
    /// carriage returns and entitizes tabs and line breaks in attributes), no broken surrogates or non-characters.
    /// </summary>
    private static bool IsPlain(string value, bool inAttribute)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < ' ')
            {
                if (inAttribute || c != '\n')
                {
                    return false;
                }
            }
            else if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }
                i++;
            }
            else if (char.IsLowSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                return false;
            }
        }
        return true;
    }

    private void AppendEscaped(string value, bool inAttribute)
    {
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var entity = value[i] switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '"' when inAttribute => "&quot;",
                _ => null,
            };
            if (entity is not null)
            {
                AppendText(value.AsSpan(start, i - start));
                AppendText(entity);
                start = i + 1;
            }
        }
        AppendText(value.AsSpan(start));
    }

    private void Indent(int depth)
    {
        Reserve(1 + 2 * depth);
        _buffer[_length++] = (byte)'\n';
        _buffer.AsSpan(_length, 2 * depth).Fill((byte)' ');
        _length += 2 * depth;
    }

    private void AppendText(ReadOnlySpan<char> text)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Append(string ascii) => AppendText(ascii);

    private void Reserve(int more)
    {
        if (_length + more <= _buffer.Length)
        {
            return;
        }
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private void WriteWithXmlWriter(XElement root)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, Indented))
        {
            root.WriteTo(writer);
        }
        Append(stream.GetBuffer().AsSpan(0, (int)stream.Length));
    }
}
