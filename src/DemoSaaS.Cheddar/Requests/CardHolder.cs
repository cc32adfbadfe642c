namespace DemoSaaS.Cheddar.Requests;

/// <summary>
/// The card holder's name and billing address. On edits every field is optional: send only what changed
/// (e.g. just the zip code) when a card is already on file.
/// </summary>
public sealed record CardHolder
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Company { get; init; }

    /// <summary>ISO-2 recommended.</summary>
    public string? Country { get; init; }

    public string? Address { get; init; }
    public string? City { get; init; }

    /// <summary>Two letters for the US and Canada.</summary>
    public string? State { get; init; }

    public string? Zip { get; init; }

    internal void WriteTo(CheddarForm form, string prefix) => form
        .Add(PaymentCard.Name(prefix, "ccFirstName"), FirstName)
        .Add(PaymentCard.Name(prefix, "ccLastName"), LastName)
        .Add(PaymentCard.Name(prefix, "ccCompany"), Company)
        .Add(PaymentCard.Name(prefix, "ccCountry"), Country)
        .Add(PaymentCard.Name(prefix, "ccAddress"), Address)
        .Add(PaymentCard.Name(prefix, "ccCity"), City)
        .Add(PaymentCard.Name(prefix, "ccState"), State)
        .Add(PaymentCard.Name(prefix, "ccZip"), Zip);
}
