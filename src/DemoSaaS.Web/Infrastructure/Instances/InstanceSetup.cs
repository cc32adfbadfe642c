using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.DemoUsers;
using Medallion.Threading;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace DemoSaaS.Web.Infrastructure.Instances;

/// <summary>
/// What must be true of the database before an instance serves anyone: on SQLite, no other instance on the file; the
/// provider's migrations applied; a data-protection key every instance shares. Each start runs it (so a fresh clone and
/// instances started together on an empty database both work), and <c>--setup</c> runs it alone, with the one-time
/// seeding, before a deployment starts its instances (docs/decisions/0010-instances-share-keys-and-start-once.md).
/// </summary>
public sealed partial class InstanceSetup(
    SqliteInstanceLock sqliteLock,
    DatabaseMigrator migrator,
    IDistributedLockProvider locks,
    IKeyManager keys,
    IServiceProvider services,
    ILogger<InstanceSetup> logger)
{
    /// <summary>The command-line switch: <c>dotnet DemoSaaS.Web.dll --setup</c> migrates, makes the first key, seeds, and exits.</summary>
    public const string SetupSwitch = "--setup";

    /// <summary>How long a new key is used before the next one takes over (ASP.NET Core's default).</summary>
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(90);

    /// <summary>True when the process was started to set up the database only.</summary>
    public static bool IsSetupRun(IEnumerable<string> args) => args.Contains(SetupSwitch, StringComparer.OrdinalIgnoreCase);

    /// <summary>The arguments for configuration: a bare switch there would swallow the next argument as its value.</summary>
    public static string[] WithoutSetupSwitch(IEnumerable<string> args) =>
        [.. args.Where(arg => !string.Equals(arg, SetupSwitch, StringComparison.OrdinalIgnoreCase))];

    /// <summary>Before every start: the SQLite lock, the migrations and the first key.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        sqliteLock.Acquire();
        await migrator.MigrateAsync(cancellationToken);
        await EnsureKeyAsync(cancellationToken);
    }

    /// <summary><c>--setup</c>: <see cref="PrepareAsync"/>, then the demo users when they are enabled.</summary>
    public async Task SetUpAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken);
        if (services.GetService<DemoUserSeeder>() is { } demoUsers)
        {
            await demoUsers.SeedOnceAsync(cancellationToken);
        }
        LogSetUp(migrator.Provider);
    }

    /// <summary>
    /// Makes the first data-protection key unless one is usable, under the setup lock, so instances starting together on
    /// an empty database end with one key, which all of them then use. Later keys are made by the instances themselves
    /// two days before the current one expires (ASP.NET Core's rolling keys), well before any of them needs it.
    /// </summary>
    private async Task EnsureKeyAsync(CancellationToken cancellationToken)
    {
        await using (await locks.CreateLock(DatabaseMigrator.SetupLockName).AcquireAsync(TimeSpan.FromMinutes(2), cancellationToken))
        {
            // The key ring judges keys by the system clock, so this does too.
            var now = DateTimeOffset.UtcNow;
            if (keys.GetAllKeys().Any(key => !key.IsRevoked && key.ActivationDate <= now && key.ExpirationDate > now))
            {
                return;
            }
            var key = keys.CreateNewKey(now, now + KeyLifetime);
            LogKeyCreated(key.KeyId, key.ExpirationDate);
        }
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Created the first data-protection key {KeyId} (expires {Expiration:u}); every instance uses it")]
    private partial void LogKeyCreated(Guid keyId, DateTimeOffset expiration);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Information, Message = "Setup done on {Provider}: migrations applied, data-protection key ready")]
    private partial void LogSetUp(DatabaseProvider provider);
}
