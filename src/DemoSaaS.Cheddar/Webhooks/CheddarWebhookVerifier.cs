using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Cheddar.Webhooks;

/// <summary>
/// Checks Cheddar's <c>X-CG-SIGNATURE</c>: lowercase hex of HMAC-SHA256(key = product secret, message = lowercase hex
/// MD5 of the raw body). Pass the exact bytes received (read the body before any JSON parsing); comparison is constant-time.
/// </summary>
public sealed class CheddarWebhookVerifier
{
    public const string SignatureHeader = "X-CG-SIGNATURE";

    private const int SignatureLength = 64;
    private readonly Func<string?> _secret;

    /// <summary>Uses <see cref="CheddarOptions.WebhookSecret"/> (configuration key <c>Cheddar:WebhookSecret</c>).</summary>
    public CheddarWebhookVerifier(IOptionsMonitor<CheddarOptions> options) => _secret = () => options.CurrentValue.WebhookSecret;

    public CheddarWebhookVerifier(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _secret = () => secret;
    }

    /// <summary>True only when <paramref name="signature"/> is the signature of exactly these bytes.</summary>
    public bool IsValid(ReadOnlySpan<byte> body, string? signature)
    {
        var secret = _secret();
        if (string.IsNullOrEmpty(secret))
        {
            throw new InvalidOperationException("Cheddar:WebhookSecret is not configured: set it to the product's secret key to accept webhooks.");
        }
        var presented = signature?.Trim();
        if (presented is null || presented.Length != SignatureLength)
        {
            return false;
        }
        Span<byte> presentedBytes = stackalloc byte[SignatureLength];
        for (var i = 0; i < SignatureLength; i++)
        {
            presentedBytes[i] = (byte)char.ToLowerInvariant(presented[i]);
        }
        var expected = Encoding.ASCII.GetBytes(Sign(body, secret));
        return CryptographicOperations.FixedTimeEquals(expected, presentedBytes);
    }

    /// <summary>Throws <see cref="CheddarWebhookException"/> unless the signature matches.</summary>
    public void Verify(ReadOnlySpan<byte> body, string? signature)
    {
        if (string.IsNullOrWhiteSpace(signature))
        {
            throw new CheddarWebhookException($"The webhook has no {SignatureHeader} header.");
        }
        if (!IsValid(body, signature))
        {
            throw new CheddarWebhookException($"The webhook's {SignatureHeader} does not match its body: forged, altered, or signed with another secret.");
        }
    }

    /// <summary>The signature Cheddar sends for this body (also useful to sign test requests).</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var token = Convert.ToHexStringLower(MD5.HashData(body));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(token)));
    }
}
