using System.Text.Unicode;

namespace DemoSaaS.CheddarSandbox.Endpoints;

/// <summary>Whether URL-encoded text (a request target or a form body) is well formed: every % escape complete, the result UTF-8.</summary>
public static class UrlEncoding
{
    public static bool IsWellFormed(ReadOnlySpan<byte> encoded)
    {
        var decoded = new byte[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] != '%')
            {
                decoded[length++] = encoded[i];
                continue;
            }
            if (i + 2 >= encoded.Length || !IsHex(encoded[i + 1]) || !IsHex(encoded[i + 2]))
            {
                return false;
            }
            decoded[length++] = (byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]));
            i += 2;
        }
        return Utf8.IsValid(decoded.AsSpan(0, length));
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
