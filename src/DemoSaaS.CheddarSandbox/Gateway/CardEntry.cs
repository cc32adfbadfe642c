namespace DemoSaaS.CheddarSandbox.Gateway;

/// <summary>
/// Validated card fields of one call, merged with what is on file. <see cref="Card"/> is set when a new number was
/// entered (or only the expiry changed). The number and CVV never leave the validation step.
/// </summary>
public sealed record CardEntry(
    string FirstName, string LastName, string Company, string Country, string Address, string City, string State, string Zip,
    CardOnFile? Card);
