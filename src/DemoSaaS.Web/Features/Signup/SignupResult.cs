using DemoSaaS.Web.Data;

namespace DemoSaaS.Web.Features.Signup;

/// <summary>The outcome of a signup: the new user, or why not (per form field, or for the whole form).</summary>
public sealed record SignupResult
{
    public ApplicationUser? User { get; init; }

    /// <summary>Messages keyed by <see cref="SignupForm"/> property name.</summary>
    public IReadOnlyDictionary<string, string> FieldErrors { get; init; } = new Dictionary<string, string>();

    public string? FormError { get; init; }

    /// <summary>
    /// This submit found the same signup already in flight and shares its account (the same form sent twice): the first
    /// submit sent the confirmation email, so this one does not send another.
    /// </summary>
    public bool JoinedEarlierSubmit { get; init; }

    public bool Succeeded => User is not null;

    public static SignupResult ForField(string field, string message) =>
        new() { FieldErrors = new Dictionary<string, string> { [field] = message } };

    public static SignupResult ForForm(string message) => new() { FormError = message };
}
