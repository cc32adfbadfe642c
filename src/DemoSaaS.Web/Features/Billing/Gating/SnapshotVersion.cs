namespace DemoSaaS.Web.Features.Billing.Gating;

/// <summary>
/// A point in <see cref="CustomerSnapshotCache"/>'s own order of events (reads started, documents stored, webhooks'
/// invalidations). Taken before a Cheddar request whose answer will be stored, it says how old that answer is: a
/// document is never preferred to one from a later request, and never clears a later invalidation.
/// </summary>
public readonly record struct SnapshotVersion(long Value) : IComparable<SnapshotVersion>
{
    public int CompareTo(SnapshotVersion other) => Value.CompareTo(other.Value);

    public static bool operator <(SnapshotVersion left, SnapshotVersion right) => left.Value < right.Value;

    public static bool operator >(SnapshotVersion left, SnapshotVersion right) => left.Value > right.Value;

    public static bool operator <=(SnapshotVersion left, SnapshotVersion right) => left.Value <= right.Value;

    public static bool operator >=(SnapshotVersion left, SnapshotVersion right) => left.Value >= right.Value;
}
