using System.ComponentModel.DataAnnotations;
using DemoSaaS.Web.Features.Billing.Gating;

namespace DemoSaaS.Web.Features.Billing;

/// <summary>How the app meters, gates and listens to Cheddar; bound from the "Billing" configuration section.</summary>
public sealed class BillingOptions
{
    public const string SectionName = "Billing";

    /// <summary>
    /// Benchmark/diagnostic switch: <c>Snapshot</c> (the default and the only mode for real use), <c>Off</c> (no gate)
    /// or <c>Naive</c> (customers/get on every check). See <see cref="GatingMode"/>.
    /// </summary>
    [EnumDataType(typeof(GatingMode))]
    public GatingMode Gating { get; set; } = GatingMode.Snapshot;

    /// <summary>How long a customers/get snapshot is trusted before gating asks Cheddar again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SnapshotTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the last snapshot may still be served while Cheddar is unreachable; after that gating fails closed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan MaxSnapshotStaleness { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A page view waits at most this long for a fresh snapshot before falling back to the last one.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan SnapshotFetchTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After a failed refresh, page views do not retry Cheddar for this long (they get the last snapshot at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan SnapshotRetryPause { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The usage relay flushes at least this often, even without a signal.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan RelayInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After a use is signalled the relay waits this long so that uses arriving together share one call.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RelayCoalesceDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>First retry delay after a failed delivery; doubles per failure up to <see cref="RelayMaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RelayInitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan RelayMaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// After an add-item-quantity whose outcome is unknown (timeout, 5xx, dropped connection, crash), the relay waits this
    /// long after the attempt started before reading Cheddar's quantity to decide it: Cheddar may still be applying the
    /// request our side gave up on. Keep it above <c>Cheddar:Timeout</c> plus Cheddar's own processing time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RelaySettleTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Webhook bodies above this size are refused with 413.</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int WebhookMaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Webhook requests accepted per client address and minute; more get 429.</summary>
    [Range(1, 100_000)]
    public int WebhookPermitsPerMinute { get; set; } = 600;

    /// <summary>Cheddar tracked item code for <see cref="MeteredFeature.Reports"/>.</summary>
    [Required] public string ReportsItemCode { get; set; } = "REPORTS";

    /// <summary>Cheddar tracked item code for <see cref="MeteredFeature.Exports"/>.</summary>
    [Required] public string ExportsItemCode { get; set; } = "EXPORTS";

    public string ItemCodeFor(MeteredFeature feature) => feature switch
    {
        MeteredFeature.Reports => ReportsItemCode,
        MeteredFeature.Exports => ExportsItemCode,
        _ => throw new ArgumentOutOfRangeException(nameof(feature), feature, "Unknown metered feature."),
    };
}
