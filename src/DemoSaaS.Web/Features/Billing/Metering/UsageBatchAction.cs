namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>An operator's decision on a parked batch (who, when, what), kept for audit and shown on /admin/billing.</summary>
public sealed class UsageBatchAction
{
    public long Id { get; set; }

    public Guid BatchId { get; set; }

    /// <summary><see cref="MarkApplied"/> or <see cref="SendAgain"/>.</summary>
    public required string Action { get; set; }

    public const string MarkApplied = "mark applied";

    public const string SendAgain = "send again";

    public required string UserId { get; set; }

    public required string UserName { get; set; }

    public DateTime AtUtc { get; set; }

    /// <summary>What the batch was when the action was taken (its quantity and parked reason).</summary>
    public required string Detail { get; set; }
}
