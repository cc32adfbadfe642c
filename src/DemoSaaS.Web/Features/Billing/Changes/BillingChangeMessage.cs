using System.Diagnostics.CodeAnalysis;

namespace DemoSaaS.Web.Features.Billing.Changes;

/// <summary>
/// A change as it travels on the PostgreSQL channel: <c>&lt;origin&gt;:&lt;kind&gt;:&lt;customer code&gt;</c>, where origin
/// names the sending instance (which applies its own changes locally and skips its echo). Far below NOTIFY's 8000-byte
/// payload limit: customer codes are at most 450 characters.
/// </summary>
internal static class BillingChangeMessage
{
    /// <summary>The channel every instance listens on; NOTIFY is per database, so instances of other databases never hear it.</summary>
    public const string Channel = "demosaas_billing_changes";

    public static string Format(string origin, BillingChange change) =>
        $"{origin}:{(change.Kind == BillingChangeKind.UsageOutbox ? 'u' : 'c')}:{change.CustomerCode}";

    public static bool TryParse(string payload, [NotNullWhen(true)] out string? origin, [NotNullWhen(true)] out BillingChange? change)
    {
        var parts = payload.Split(':', 3);
        if (parts.Length != 3 || parts[0].Length == 0 || parts[2].Length == 0)
        {
            origin = null;
            change = null;
            return false;
        }
        origin = parts[0];
        // An unknown kind (a newer instance during a rolling deploy) is treated as a customer change: forgetting is always safe.
        change = new BillingChange(parts[1] == "u" ? BillingChangeKind.UsageOutbox : BillingChangeKind.Customer, parts[2]);
        return true;
    }
}
