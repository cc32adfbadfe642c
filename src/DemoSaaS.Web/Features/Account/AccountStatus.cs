namespace DemoSaaS.Web.Features.Account;

/// <summary>The subscription's state as the account page shows it.</summary>
public enum AccountStatus
{
    /// <summary>Cheddar has no customer or no subscription for the user.</summary>
    NoSubscription,
    Active,

    /// <summary>Active on a paid plan whose first bill is still ahead.</summary>
    Trial,

    /// <summary>Active, but a bill is unpaid (Cheddar is retrying the card).</summary>
    PastDue,
    Canceled,
}
