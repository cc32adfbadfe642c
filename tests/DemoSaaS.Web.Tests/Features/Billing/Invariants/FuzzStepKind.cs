namespace DemoSaaS.Web.Tests.Features.Billing.Invariants;

/// <summary>What one step of a billing fuzz sequence does.</summary>
public enum FuzzStepKind
{
    /// <summary>Sign up through the app's signup service (plan, card for paid plans).</summary>
    SignUp,

    /// <summary>Generate reports (each one gated and metered by the app), one after another or all at once.</summary>
    Reports,

    /// <summary>Export one of the user's reports as CSV (gated and metered as EXPORTS).</summary>
    Exports,

    /// <summary>Change the plan on the account page (AccountService.ChangePlanAsync).</summary>
    ChangePlan,

    /// <summary>Change the plan "elsewhere": customers/edit-subscription straight to Cheddar, as an admin in Cheddar's UI would.</summary>
    ChangePlanElsewhere,

    /// <summary>Cancel on the account page.</summary>
    Cancel,

    /// <summary>Resubscribe on the account page.</summary>
    Resubscribe,

    /// <summary>Update the card on the account page.</summary>
    ChangeCard,

    /// <summary>Inject a sandbox fault scoped to this sequence's customer (its code, or its email before signup).</summary>
    Fault,

    /// <summary>Let background work (relay, webhooks) run for a moment.</summary>
    Pause,
}
