using System.Security.Cryptography;
using System.Text;

namespace DemoSaaS.CheddarSandbox.Hosting;

/// <summary>
/// Compares a presented credential with the expected one in time that does not depend on where they differ, so
/// response times tell a caller nothing about how much of a guess was right.
/// </summary>
public static class SecretComparison
{
    /// <summary>
    /// Both sides are hashed first: <see cref="CryptographicOperations.FixedTimeEquals"/> returns at once on a length
    /// mismatch, and equal-length digests keep the length of the secret out of the timing too.
    /// </summary>
    public static bool AreEqual(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
