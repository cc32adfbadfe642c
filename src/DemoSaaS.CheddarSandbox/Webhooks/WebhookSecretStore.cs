using System.Security.Cryptography;
using DemoSaaS.CheddarSandbox.Hosting;

namespace DemoSaaS.CheddarSandbox.Webhooks;

/// <summary>
/// The key that signs the sandbox's webhooks when <c>CheddarSandbox:WebhookSecret</c> is not configured: 32 random
/// bytes made the first time a sandbox runs on a data folder and kept in <see cref="FileName"/> beside its database,
/// so a restart signs with the same key. An in-memory sandbox gets a new key per process. There is no published
/// default: a key anyone can read in the source would let anyone sign a webhook the app accepts.
/// </summary>
public static class WebhookSecretStore
{
    public const string FileName = "cheddar-sandbox.webhook-secret";

    /// <summary>The file that holds the generated key for this database, or null for an in-memory sandbox.</summary>
    public static string? PathFor(CheddarSandboxOptions options) =>
        options.DatabasePath == ":memory:"
            ? null
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.DatabasePath)) ?? ".", FileName);

    /// <summary>Fills in <see cref="CheddarSandboxOptions.WebhookSecret"/> when it is not configured.</summary>
    internal static void FillIn(CheddarSandboxOptions options)
    {
        if (string.IsNullOrEmpty(options.WebhookSecret))
        {
            options.WebhookSecret = PathFor(options) is { } path ? ReadOrCreate(path) : NewSecret();
        }
    }

    private static string ReadOrCreate(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } existing)
            {
                return existing;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var secret = NewSecret();
            try
            {
                // CreateNew: when two sandboxes start on one folder at once, the second reads the first one's key.
                var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }
                using (var writer = new StreamWriter(path, fileOptions))
                {
                    writer.Write(secret);
                }
                return secret;
            }
            catch (IOException) when (attempt < 3)
            {
                // Created by another process between the check and the write: read it on the next pass.
                Thread.Sleep(50);
            }
        }
    }

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
