using System.Security.Cryptography;
using System.Text;
using DemoSaaS.Cheddar.Tests.Fixtures;
using DemoSaaS.Cheddar.Webhooks;

namespace DemoSaaS.Cheddar.Tests.Webhooks;

public sealed class CheddarWebhookVerifierTests
{
    private const string Secret = "product-secret-key";
    private readonly CheddarWebhookVerifier _verifier = new(Secret);
    private readonly byte[] _body = FixtureFiles.Bytes("webhook-transaction.json");

    /// <summary>The decision doc's algorithm written out independently: hex(HMAC-SHA256(secret, hex(MD5(body)))).</summary>
    private static string SignIndependently(byte[] body, string secret)
    {
        var md5 = string.Concat(MD5.HashData(body).Select(b => b.ToString("x2")));
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return string.Concat(hmac.ComputeHash(Encoding.ASCII.GetBytes(md5)).Select(b => b.ToString("x2")));
    }

    [Fact]
    public void A_body_signed_as_cheddar_signs_is_accepted_in_either_hex_case()
    {
        var signature = SignIndependently(_body, Secret);

        Assert.Equal(signature, CheddarWebhookVerifier.Sign(_body, Secret));
        Assert.True(_verifier.IsValid(_body, signature));
        Assert.True(_verifier.IsValid(_body, signature.ToUpperInvariant()));
        _verifier.Verify(_body, signature);
    }

    [Fact]
    public void A_missing_signature_is_rejected_with_a_clear_reason()
    {
        Assert.False(_verifier.IsValid(_body, null));
        var error = Assert.Throws<CheddarWebhookException>(() => _verifier.Verify(_body, ""));
        Assert.Contains("X-CG-SIGNATURE", error.Message);
    }

    [Fact]
    public void A_signature_made_with_another_secret_is_rejected()
    {
        Assert.False(_verifier.IsValid(_body, SignIndependently(_body, "someone-elses-secret")));
    }

    [Fact]
    public void A_body_altered_by_one_byte_is_rejected()
    {
        var signature = SignIndependently(_body, Secret);
        var altered = (byte[])_body.Clone();
        altered[^3] ^= 0x01;

        Assert.False(_verifier.IsValid(altered, signature));
        Assert.Throws<CheddarWebhookException>(() => _verifier.Verify(altered, signature));
    }

    [Theory]
    [InlineData("not-a-signature")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    [InlineData("00")]
    public void Garbled_signatures_are_rejected(string signature)
    {
        Assert.False(_verifier.IsValid(_body, signature));
    }

    [Fact]
    public void A_verifier_without_a_configured_secret_refuses_to_guess()
    {
        var options = new Microsoft.Extensions.Options.OptionsMonitor<CheddarOptions>(
            new Microsoft.Extensions.Options.OptionsFactory<CheddarOptions>([], []), [], new Microsoft.Extensions.Options.OptionsCache<CheddarOptions>());
        var verifier = new CheddarWebhookVerifier(options);

        var error = Assert.Throws<InvalidOperationException>(() => verifier.IsValid(_body, SignIndependently(_body, Secret)));
        Assert.Contains("Cheddar:WebhookSecret", error.Message);
    }
}
