using System.Security.Cryptography;
using System.Text;

namespace DemoSaaS.CheddarSandbox.Webhooks;

/// <summary>
/// Cheddar's X-CG-SIGNATURE (docs/decisions/0001-webhook-payload.md):
/// hex(HMAC-SHA256(key = secret as UTF-8, message = hex(MD5(raw body bytes)))), lowercase.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-CG-SIGNATURE";

    public static string Compute(string secret, ReadOnlySpan<byte> body)
    {
        var token = Convert.ToHexStringLower(MD5.HashData(body));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(token)));
    }
}
