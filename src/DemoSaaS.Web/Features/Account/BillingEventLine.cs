namespace DemoSaaS.Web.Features.Account;

/// <summary>A billing event Cheddar sent by webhook, as the account page lists it.</summary>
public sealed record BillingEventLine
{
    public required string ActivityType { get; init; }
    public required string Summary { get; init; }
    public DateTimeOffset At { get; init; }
}
