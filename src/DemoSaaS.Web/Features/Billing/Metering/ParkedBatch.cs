namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>A parked batch as an operator sees it: what, for whom, why, since when, and how many later uses wait behind it.</summary>
public sealed record ParkedBatch(
    Guid Id,
    string CustomerCode,
    string? CustomerEmail,
    string ItemCode,
    decimal Quantity,
    DateTime ClaimedAtUtc,
    string? UsagePeriod,
    string Reason,
    int WaitingUses);
