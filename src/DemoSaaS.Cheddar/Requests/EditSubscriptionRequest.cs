namespace DemoSaaS.Cheddar.Requests;

/// <summary>
/// Changes to the current subscription (<c>customers/edit-subscription</c>): plan change, new card or billing
/// address, coupon, bill date. Fields left null are not changed. A canceled customer re-subscribes by sending a full card.
/// </summary>
public sealed record EditSubscriptionRequest
{
    public string? PlanCode { get; init; }
    public string? CouponCode { get; init; }
    public PaymentMethod? Method { get; init; }

    /// <summary>A replacement card (number, expiry, CVV).</summary>
    public PaymentCard? Card { get; init; }

    /// <summary>Card holder and billing address; any subset may be sent when a card is on file.</summary>
    public CardHolder? CardHolder { get; init; }

    /// <summary>Moves the next bill date (re-anchoring the cycle), or <see cref="BillDate.Now"/> to bill immediately.</summary>
    public BillDate? ChangeBillDate { get; init; }

    public Uri? ReturnUrl { get; init; }
    public Uri? CancelUrl { get; init; }
    public string? RemoteAddress { get; init; }

    /// <summary>edit-subscription takes unprefixed names (<c>planCode</c>); customers/edit nests them in <c>subscription[...]</c>.</summary>
    internal Dictionary<string, string> ToForm() => WriteTo(new CheddarForm(), "").Fields;

    internal CheddarForm WriteTo(CheddarForm form, string prefix)
    {
        form.Add(PaymentCard.Name(prefix, "planCode"), PlanCode)
            .Add(PaymentCard.Name(prefix, "couponCode"), CouponCode)
            .Add(PaymentCard.Name(prefix, "method"), WireValues.Of(Method));
        Card?.WriteTo(form, prefix);
        CardHolder?.WriteTo(form, prefix);
        form.Add(PaymentCard.Name(prefix, "changeBillDate"), ChangeBillDate?.Value)
            .Add(PaymentCard.Name(prefix, "returnUrl"), ReturnUrl?.AbsoluteUri)
            .Add(PaymentCard.Name(prefix, "cancelUrl"), CancelUrl?.AbsoluteUri);
        if (prefix.Length == 0)
        {
            form.Add("remoteAddress", RemoteAddress);
        }
        return form;
    }
}
