namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// The "outbox changed" signal: a version bumped after every committed write that can change which uses are
/// unsettled (the meter's SaveChanges, the relay's settlements, an operator's action). Gating's
/// <see cref="Gating.PendingUsage"/> reuses a pending sum only while the version it read before querying is unchanged;
/// since every writer bumps after its commit, a reused sum is never older than the last write.
/// </summary>
public sealed class UsageOutboxChanges
{
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    /// <summary>Call after the write is committed, never before.</summary>
    public void Bump() => Interlocked.Increment(ref _version);
}
