namespace DemoSaaS.Cheddar.Requests;

/// <summary>A custom charge (positive) or credit (negative) line: at signup, on a one-time invoice, or via add-charge.</summary>
public sealed record ChargeRequest
{
    /// <summary>Your code for the line, at most 36 characters; several lines may share one.</summary>
    public required string ChargeCode { get; init; }

    /// <summary>A positive whole number.</summary>
    public required int Quantity { get; init; }

    /// <summary>Price per unit with two decimals; negative for a credit.</summary>
    public required decimal EachAmount { get; init; }

    public string? Description { get; init; }

    internal void WriteTo(CheddarForm form, string prefix) => form
        .Add($"{prefix}[chargeCode]", ChargeCode)
        .Add($"{prefix}[quantity]", Quantity)
        .AddMoney($"{prefix}[eachAmount]", EachAmount)
        .Add($"{prefix}[description]", Description);
}
