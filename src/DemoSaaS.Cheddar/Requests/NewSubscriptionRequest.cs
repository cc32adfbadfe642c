namespace DemoSaaS.Cheddar.Requests;

/// <summary>The subscription part of a signup (<c>subscription[...]</c>). Free plans need only <see cref="PlanCode"/>.</summary>
public sealed record NewSubscriptionRequest
{
    public required string PlanCode { get; init; }
    public string? CouponCode { get; init; }

    /// <summary>Overrides the plan's delay to the first bill; today means bill now.</summary>
    public DateOnly? InitialBillDate { get; init; }

    /// <summary>Null sends nothing (Cheddar defaults to credit card).</summary>
    public PaymentMethod? Method { get; init; }

    public PaymentCard? Card { get; init; }
    public CardHolder? CardHolder { get; init; }

    /// <summary>For <see cref="PaymentMethod.PayPal"/>: where PayPal sends the user after accepting.</summary>
    public Uri? ReturnUrl { get; init; }

    /// <summary>For <see cref="PaymentMethod.PayPal"/>: where PayPal sends the user after declining.</summary>
    public Uri? CancelUrl { get; init; }

    internal void WriteTo(CheddarForm form, string prefix)
    {
        form.Add($"{prefix}[planCode]", PlanCode)
            .Add($"{prefix}[couponCode]", CouponCode)
            .Add($"{prefix}[initialBillDate]", InitialBillDate)
            .Add($"{prefix}[method]", WireValues.Of(Method));
        Card?.WriteTo(form, prefix);
        CardHolder?.WriteTo(form, prefix);
        form.Add($"{prefix}[returnUrl]", ReturnUrl?.AbsoluteUri)
            .Add($"{prefix}[cancelUrl]", CancelUrl?.AbsoluteUri);
    }
}
