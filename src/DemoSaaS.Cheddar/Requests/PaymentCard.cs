namespace DemoSaaS.Cheddar.Requests;

/// <summary>
/// Card data passed straight through to Cheddar. It is never stored by this library, and <see cref="ToString"/>
/// shows only the last four digits so a logged request cannot leak the number or the CVV.
/// </summary>
public sealed record PaymentCard
{
    /// <summary>The card number; spaces and dashes are removed before sending, anything else is sent as typed so Cheddar can refuse it.</summary>
    public required string Number { get; init; }

    public required int ExpirationMonth { get; init; }
    public required int ExpirationYear { get; init; }

    /// <summary>CVV; required unless the product does not ask for it.</summary>
    public string? CardCode { get; init; }

    public string LastFour => Digits.Length >= 4 ? Digits[^4..] : Digits;

    internal string Digits => new(Number.Where(c => c is not (' ' or '-')).ToArray());

    /// <summary>Cheddar's MM/YYYY.</summary>
    internal string Expiration => $"{ExpirationMonth:00}/{ExpirationYear:0000}";

    internal void WriteTo(CheddarForm form, string prefix) => form
        .Add(Name(prefix, "ccNumber"), Digits)
        .Add(Name(prefix, "ccExpiration"), Expiration)
        .Add(Name(prefix, "ccCardCode"), CardCode);

    internal static string Name(string prefix, string field) => prefix.Length == 0 ? field : $"{prefix}[{field}]";

    public override string ToString() => $"PaymentCard {{ LastFour = {LastFour}, Expiration = {Expiration} }}";
}
