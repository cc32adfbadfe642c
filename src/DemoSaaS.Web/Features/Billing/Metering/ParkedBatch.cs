namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>A parked batch as an operator sees it: what, for whom, in which Cheddar period, why and since when.</summary>
public sealed record ParkedBatch(
    Guid Id,
    string CustomerCode,
    string? CustomerEmail,
    string ItemCode,
    decimal Quantity,
    DateTime ClaimedAtUtc,
    string? UsagePeriod,
    string Reason);
