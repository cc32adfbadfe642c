using DemoSaaS.Web.Data;

namespace DemoSaaS.Web.Features.Signup;

/// <summary>What <see cref="SignupCompletion.ResolveAsync"/> did with an unfinished signup.</summary>
public sealed record PendingSignupOutcome
{
    public required PendingSignupOutcomeKind Kind { get; init; }

    /// <summary>The completed (or already existing) account when <see cref="Kind"/> is Completed (or SettledElsewhere, when it was completed there).</summary>
    public ApplicationUser? User { get; init; }

    /// <summary>Why the signup is parked, for the log and the row's LastError.</summary>
    public string? Reason { get; init; }

    public static PendingSignupOutcome Completed(ApplicationUser user) => new() { Kind = PendingSignupOutcomeKind.Completed, User = user };

    public static PendingSignupOutcome NotCreated { get; } = new() { Kind = PendingSignupOutcomeKind.NotCreated };

    public static PendingSignupOutcome Removed { get; } = new() { Kind = PendingSignupOutcomeKind.Removed };

    /// <param name="user">The account, when whoever settled the signup completed it.</param>
    public static PendingSignupOutcome SettledElsewhere(ApplicationUser? user) => new() { Kind = PendingSignupOutcomeKind.SettledElsewhere, User = user };

    public static PendingSignupOutcome Parked(string reason) => new() { Kind = PendingSignupOutcomeKind.Parked, Reason = reason };
}
