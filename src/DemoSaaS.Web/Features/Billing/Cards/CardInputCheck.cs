using DemoSaaS.Cheddar.Requests;

namespace DemoSaaS.Web.Features.Billing.Cards;

/// <summary>What <see cref="CardInputValidator"/> made of the input: the request parts to send, or every problem found.</summary>
public sealed record CardInputCheck
{
    public PaymentCard? Card { get; init; }
    public CardHolder? Holder { get; init; }

    /// <summary>Problems in field order (name, number, expiry, CVV, zip); a page showing one message shows the first.</summary>
    public IReadOnlyList<CardInputError> Errors { get; init; } = [];

    public bool IsValid => Errors.Count == 0 && Card is not null && Holder is not null;

    public override string ToString() => $"CardInputCheck {{ IsValid = {IsValid}, Errors = {Errors.Count} }}";
}
