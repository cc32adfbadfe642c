namespace DemoSaaS.Web.Features.Billing.Gating;

/// <summary>The outcome of asking the snapshot cache for a customer.</summary>
public sealed record SnapshotRead
{
    /// <summary>The newest snapshot there is; null if Cheddar was never reached for this customer.</summary>
    public CustomerSnapshot? Snapshot { get; init; }

    /// <summary>Cheddar could not be reached and <see cref="Snapshot"/> is older than the TTL (but still usable).</summary>
    public bool IsStale { get; init; }

    /// <summary>Cheddar could not be reached and no snapshot is recent enough to decide on: fail closed.</summary>
    public bool IsUnavailable { get; init; }
}
