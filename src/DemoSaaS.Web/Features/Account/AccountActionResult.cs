namespace DemoSaaS.Web.Features.Account;

/// <summary>The outcome of one change made through Cheddar, with the page's new state when Cheddar answered.</summary>
public sealed record AccountActionResult
{
    public required bool Succeeded { get; init; }

    /// <summary>What to tell the user: a confirmation, or Cheddar's reason in plain words.</summary>
    public required string Message { get; init; }

    /// <summary>Where to show an error; None = a snackbar.</summary>
    public AccountField Field { get; init; }

    /// <summary>The account as Cheddar holds it after the call (also after a refusal that came with the customer).</summary>
    public AccountOverview? Overview { get; init; }

    public static AccountActionResult Success(string message, AccountOverview overview) =>
        new() { Succeeded = true, Message = message, Overview = overview };

    public static AccountActionResult Failure(string message, AccountField field = AccountField.None, AccountOverview? overview = null) =>
        new() { Succeeded = false, Message = message, Field = field, Overview = overview };
}
