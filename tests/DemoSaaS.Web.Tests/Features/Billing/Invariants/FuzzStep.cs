using System.Globalization;

namespace DemoSaaS.Web.Tests.Features.Billing.Invariants;

/// <summary>One generated step of a sequence; <see cref="ToString"/> is how the step is printed in a failure.</summary>
public sealed record FuzzStep
{
    public required FuzzStepKind Kind { get; init; }

    /// <summary>Plan code for signup, plan changes and resubscribes.</summary>
    public string? Plan { get; init; }

    /// <summary>Whether a card is entered with a plan change or resubscribe.</summary>
    public bool WithCard { get; init; }

    /// <summary>Uses to make, fault hits, or milliseconds to pause.</summary>
    public int Count { get; init; }

    /// <summary>Uses made at the same time (several tabs) rather than one after another.</summary>
    public bool Concurrent { get; init; }

    /// <summary>For a fault: the Cheddar action it matches (e.g. customers/add-item-quantity).</summary>
    public string? FaultPath { get; init; }

    /// <summary>For a fault: the kind and its fields as sandbox JSON members, e.g. "kind":"applyThenFail","drop":true.</summary>
    public string? FaultFields { get; init; }

    public override string ToString() => Kind switch
    {
        FuzzStepKind.SignUp => $"sign up {Plan}{(WithCard ? " with card" : "")}",
        FuzzStepKind.Reports => $"{Count} report(s){(Concurrent ? " at once" : "")}",
        FuzzStepKind.Exports => $"{Count} export(s)",
        FuzzStepKind.ChangePlan => $"change plan to {Plan} in the app{(WithCard ? " with card" : " without card")}",
        FuzzStepKind.ChangePlanElsewhere => $"change plan to {Plan} elsewhere (edit-subscription straight to Cheddar)",
        FuzzStepKind.Cancel => "cancel in the app",
        FuzzStepKind.Resubscribe => $"resubscribe to {Plan}{(WithCard ? " with card" : " without card")}",
        FuzzStepKind.ChangeCard => "change card in the app",
        FuzzStepKind.Fault => $"fault {FaultPath} {{{FaultFields},\"count\":{Count.ToString(CultureInfo.InvariantCulture)}}}",
        FuzzStepKind.Pause => $"pause {Count} ms",
        _ => Kind.ToString(),
    };
}
