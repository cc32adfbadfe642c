using System.Net;
using System.Security.Cryptography;
using System.Text;
using DemoSaaS.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Identity.Throttling;

/// <summary>
/// Slows password guessing per account and client address with growing waits instead of locking the account, so a
/// stranger's wrong passwords never keep the owner out from their own address, and a password reset by mail clears
/// every wait (docs/decisions/0007-login-throttling.md).
/// </summary>
public sealed class LoginThrottle(
    IDbContextFactory<ApplicationDbContext> contexts,
    ILookupNormalizer normalizer,
    IOptions<LoginThrottleOptions> options,
    TimeProvider time)
{
    /// <summary>
    /// Asks to check one password for <paramref name="login"/> from <paramref name="client"/>. When allowed, the attempt
    /// is already counted as failed (so concurrent guesses cannot all slip in before the count); a success forgets it
    /// through <see cref="SucceededAsync"/>.
    /// </summary>
    public async Task<LoginAttemptSlot> ReserveAttemptAsync(string login, IPAddress? client, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var staleBefore = now - settings.ForgetAfter;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counters = db.Set<LoginAttemptCounter>();
        var counter = await counters.FindAsync([AccountKey(login), ClientKey(client)], cancellationToken);
        if (counter is null)
        {
            // Only new rows grow the table, so this is where old ones go.
            await counters.Where(c => c.LastFailureAtUtc < staleBefore).ExecuteDeleteAsync(cancellationToken);
            counter = new LoginAttemptCounter { AccountKey = AccountKey(login), ClientKey = ClientKey(client) };
            counters.Add(counter);
        }
        else if (counter.LastFailureAtUtc < staleBefore)
        {
            counter.Failures = 0;
            counter.NextAttemptAtUtc = null;
        }
        else if (counter.NextAttemptAtUtc is { } next && next > now)
        {
            return new LoginAttemptSlot(Allowed: false, next - now);
        }

        counter.Failures++;
        counter.LastFailureAtUtc = now;
        var wait = settings.WaitAfter(counter.Failures);
        counter.NextAttemptAtUtc = wait > TimeSpan.Zero ? now + wait : null;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another attempt for this account from this address was counted at the same moment: this one waits.
            return new LoginAttemptSlot(Allowed: false, TimeSpan.FromSeconds(1));
        }
        return new LoginAttemptSlot(Allowed: true, wait);
    }

    /// <summary>The password was right (or never checked): this address starts again from zero for this account.</summary>
    public async Task SucceededAsync(string login, IPAddress? client, CancellationToken cancellationToken = default)
    {
        var account = AccountKey(login);
        var address = ClientKey(client);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Set<LoginAttemptCounter>().Where(c => c.AccountKey == account && c.ClientKey == address).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>After a password reset by mail: every address starts again from zero for this account.</summary>
    public async Task ForgetAccountAsync(string login, CancellationToken cancellationToken = default)
    {
        var account = AccountKey(login);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Set<LoginAttemptCounter>().Where(c => c.AccountKey == account).ExecuteDeleteAsync(cancellationToken);
    }

    private string AccountKey(string login) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizer.NormalizeName(login.Trim()))));

    /// <summary>
    /// An IPv4 address as is; IPv6 by its /64 network, because one subscriber usually holds a whole /64 and could
    /// otherwise use a fresh address per guess. Behind a reverse proxy this is the proxy unless forwarded headers
    /// are configured (see the ADR).
    /// </summary>
    public static string ClientKey(IPAddress? client)
    {
        if (client is null)
        {
            return "unknown";
        }
        if (client.IsIPv4MappedToIPv6)
        {
            client = client.MapToIPv4();
        }
        if (client.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            var bytes = client.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return $"{new IPAddress(bytes)}/64";
        }
        return client.ToString();
    }
}
