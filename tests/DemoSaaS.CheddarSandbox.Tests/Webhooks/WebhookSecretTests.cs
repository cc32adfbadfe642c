using DemoSaaS.CheddarSandbox.Hosting;
using DemoSaaS.CheddarSandbox.Webhooks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DemoSaaS.CheddarSandbox.Tests.Webhooks;

/// <summary>
/// The webhook signing key is never a constant from the source: unless configured, each data folder gets its own
/// random key (kept across restarts) and an in-memory sandbox a new one per start.
/// </summary>
public sealed class WebhookSecretTests : IDisposable
{
    private const string OldPublishedDefault = "sandbox-webhook-secret";
    private readonly string _folder = Directory.CreateTempSubdirectory("cheddar-sandbox-secret-").FullName;
    private readonly string _otherFolder = Directory.CreateTempSubdirectory("cheddar-sandbox-secret-").FullName;

    [Fact]
    public async Task Unconfigured_the_key_is_random_per_data_folder_kept_across_restarts_and_never_the_old_default()
    {
        var first = await SecretOfAsync(Path.Combine(_folder, "cheddar-sandbox.db"));
        var restarted = await SecretOfAsync(Path.Combine(_folder, "cheddar-sandbox.db"));
        var otherFolder = await SecretOfAsync(Path.Combine(_otherFolder, "cheddar-sandbox.db"));
        var inMemory = await SecretOfAsync(":memory:");
        var inMemoryAgain = await SecretOfAsync(":memory:");

        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.Equal(first, restarted);
        Assert.Equal(first, File.ReadAllText(Path.Combine(_folder, WebhookSecretStore.FileName)));
        Assert.NotEqual(first, otherFolder);
        Assert.NotEqual(inMemory, inMemoryAgain);
        Assert.DoesNotContain(OldPublishedDefault, new[] { first, otherFolder, inMemory, inMemoryAgain });
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, WebhookSecretStore.FileName)));
        }
    }

    [Fact]
    public async Task A_configured_key_is_used_as_given_and_no_file_is_written()
    {
        var secret = await SecretOfAsync(Path.Combine(_folder, "cheddar-sandbox.db"), configured: "configured-webhook-key");

        Assert.Equal("configured-webhook-key", secret);
        Assert.False(File.Exists(Path.Combine(_folder, WebhookSecretStore.FileName)));
    }

    private static async Task<string> SecretOfAsync(string databasePath, string? configured = null)
    {
        var settings = new Dictionary<string, string?> { ["CheddarSandbox:DatabasePath"] = databasePath };
        if (configured is not null)
        {
            settings["CheddarSandbox:WebhookSecret"] = configured;
        }
        await using var sandbox = await CheddarSandboxHost.StartAsync(settings, cancellationToken: TestContext.Current.CancellationToken);
        return sandbox.Services.GetRequiredService<IOptions<CheddarSandboxOptions>>().Value.WebhookSecret;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var folder in new[] { _folder, _otherFolder })
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a late background task; the temp folder is reclaimed by the OS.
            }
        }
    }
}
