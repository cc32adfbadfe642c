namespace DemoSaaS.Web.Features.Signup;

public enum PendingSignupOutcomeKind
{
    /// <summary>Cheddar has the customer and the local account now exists: the user is signed up.</summary>
    Completed,

    /// <summary>Cheddar has no such customer (and the signup has settled): nothing was created, nothing charged.</summary>
    NotCreated,

    /// <summary>Cheddar had a customer that took no money and whose signup was refused; it was deleted.</summary>
    Removed,

    /// <summary>
    /// Cheddar has a customer that took money, but the account cannot be completed (e.g. the email is now taken).
    /// The row stays, logged at Error, for an operator; the customer is never deleted.
    /// </summary>
    Parked,

    /// <summary>
    /// While this caller worked, the row was settled or claimed by someone else (the signup's own request finishing, or
    /// the cleanup on another instance): nothing was created or removed here.
    /// </summary>
    SettledElsewhere,
}
