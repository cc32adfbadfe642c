namespace DemoSaaS.Web.Features.Billing.Cards;

/// <summary>One refused card input and the message shown next to it.</summary>
public sealed record CardInputError(CardInputField Field, string Message);
