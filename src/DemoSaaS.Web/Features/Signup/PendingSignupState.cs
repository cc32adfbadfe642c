namespace DemoSaaS.Web.Features.Signup;

/// <summary>What an unfinished signup is waiting for.</summary>
public enum PendingSignupState
{
    /// <summary>
    /// customers/new was (or is about to be) sent and no refusal came back: if Cheddar has the customer, the account
    /// is completed from the row (roll forward); if Cheddar never created it, the row is dropped.
    /// </summary>
    Started = 0,

    /// <summary>
    /// Cheddar refused the signup but kept a customer (e.g. the first charge was declined). That customer is removed,
    /// provided it holds no approved transaction; a customer that did take money is never removed (see
    /// <see cref="SignupCompletion"/>).
    /// </summary>
    Abandoned = 1,
}
