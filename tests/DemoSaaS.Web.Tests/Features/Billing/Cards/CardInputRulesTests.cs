using DemoSaaS.Web.Features.Account;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Features.Billing.Cards;

/// <summary>
/// Signup and the account page take card input by one set of rules and show Cheddar's error text one way: the same
/// input gets the same answer on both pages, and no card number comes back from either.
/// </summary>
public sealed class CardInputRulesTests : IAsyncLifetime
{
    private BillingAppFactory _app = default!;

    public async ValueTask InitializeAsync() => _app = await new BillingAppFactory().StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly string NextYearShort = ((DateTime.UtcNow.Year + 1) % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    public static TheoryData<string, string, string, AccountField, string> RefusedInputs => new()
    {
        { "expiry", "01/2020", "signup-card-expiry", AccountField.CardExpiry, "This card has expired." },
        { "expiry", $"{DateTime.UtcNow.AddMonths(-1):MM}/{DateTime.UtcNow.AddMonths(-1):yy}", "signup-card-expiry", AccountField.CardExpiry, "This card has expired." },
        { "expiry", "2030-04", "signup-card-expiry", AccountField.CardExpiry, "Use MM/YY or MM/YYYY, e.g. 04/30 or 04/2030." },
        { "expiry", "13/30", "signup-card-expiry", AccountField.CardExpiry, "Use MM/YY or MM/YYYY, e.g. 04/30 or 04/2030." },
        { "expiry", "4/2030/1", "signup-card-expiry", AccountField.CardExpiry, "Use MM/YY or MM/YYYY, e.g. 04/30 or 04/2030." },
        { "name", new string('A', 41), "signup-first-name", AccountField.CardName, "At most 40 characters." },
        { "name", "Ada <b>", "signup-first-name", AccountField.CardName, "Use letters, spaces, apostrophes, hyphens and periods only." },
        { "number", "4111 1111", "signup-card-number", AccountField.CardNumber, "A card number has 12 to 19 digits (spaces and dashes are fine)." },
        { "number", "4111-1111-1111-111x", "signup-card-number", AccountField.CardNumber, "A card number has 12 to 19 digits (spaces and dashes are fine)." },
        { "cvv", "12", "signup-card-cvv", AccountField.CardCvv, "Enter the 3 or 4 digit security code." },
        { "zip", new string('1', 21), "signup-card-zip", AccountField.CardZip, "At most 20 characters." },
    };

    [Theory]
    [MemberData(nameof(RefusedInputs))]
    public async Task The_same_bad_card_input_is_refused_with_the_same_message_on_signup_and_on_the_account_page(
        string input, string value, string signupInputId, AccountField accountField, string message)
    {
        var email = $"cards-{Guid.NewGuid():N}@example.com";
        var fields = SignupPage.Fields(email, "PRO");
        var card = new CardForm { FirstName = "Ada", LastName = "Lovelace", Number = CheddarTestData.TestCard, Expiry = $"12/{DateTime.UtcNow.Year + 3}", Cvv = "123", Zip = "12345" };
        switch (input)
        {
            case "expiry": fields["CardExpiry"] = value; card.Expiry = value; break;
            case "name": fields["FirstName"] = value; card.FirstName = value; break;
            case "number": fields["CardNumber"] = value; card.Number = value; break;
            case "cvv": fields["CardCvv"] = value; card.Cvv = value; break;
            default: fields["CardZip"] = value; card.Zip = value; break;
        }
        var customer = await _app.NewCustomerAsync("FREE");
        var creates = _app.CheddarCalls.Count("customers/new");
        var edits = _app.CheddarCalls.Count("customers/edit-subscription");

        var signup = await SignupPage.SubmitAsync(_app, fields);
        var account = await AccountService().UpdateCardAsync(customer, card, Cancel);

        Assert.True(signup.Refused, $"{(int)signup.Status}: {signup.Errors}");
        Assert.Contains(message, SignupPage.FieldArea(signup.Html, signupInputId));
        Assert.False(account.Succeeded);
        Assert.Equal(message, account.Message);
        Assert.Equal(accountField, account.Field);
        Assert.Equal(creates, _app.CheddarCalls.Count("customers/new"));
        Assert.Equal(edits, _app.CheddarCalls.Count("customers/edit-subscription"));
    }

    [Theory]
    [InlineData("12/{0}")]
    [InlineData("12 / {0}")]
    public async Task A_two_digit_expiry_year_is_taken_on_signup_as_on_the_account_page(string expiryFormat)
    {
        var email = $"cards-{Guid.NewGuid():N}@example.com";
        var expiry = string.Format(System.Globalization.CultureInfo.InvariantCulture, expiryFormat, NextYearShort);
        var fields = SignupPage.Fields(email, "PRO");
        fields["CardExpiry"] = expiry;
        var customer = await _app.NewCustomerAsync("FREE");

        var signup = await SignupPage.SubmitAsync(_app, fields);
        var account = await AccountService().UpdateCardAsync(customer, new CardForm
        {
            FirstName = "Ada", LastName = "Lovelace", Number = CheddarTestData.TestCard, Expiry = expiry, Cvv = "123", Zip = "12345",
        }, Cancel);

        signup.AssertSignedUp();
        Assert.True(account.Succeeded, account.Message);
        var user = await SignupAccount.FindUserAsync(_app, email);
        var expires = (await _app.GetCustomerAsync(user!.Id)).CurrentSubscription!.CcExpirationDate;
        Assert.Equal(2000 + int.Parse(NextYearShort, System.Globalization.CultureInfo.InvariantCulture), expires?.Year);
    }

    [Fact]
    public async Task Cheddar_error_text_with_card_like_digits_is_shown_stripped_the_same_way_on_signup_and_on_the_account_page()
    {
        const string CheddarText = "Card 4111 1111 1111 1111 was declined by the issuer";
        const string Shown = "Card …1111 was declined by the issuer.";
        var email = $"cards-{Guid.NewGuid():N}@example.com";
        var customer = await _app.NewCustomerAsync("FREE");
        await _app.AddFaultAsync($"{{\"path\":\"customers/new\",\"kind\":\"status\",\"status\":422,\"auxCode\":\"6000\",\"message\":\"{CheddarText}\",\"count\":1}}");
        await _app.AddFaultAsync($"{{\"path\":\"customers/edit-subscription\",\"kind\":\"status\",\"status\":422,\"auxCode\":\"6000\",\"message\":\"{CheddarText}\",\"count\":1}}");

        var signup = await SignupPage.SubmitAsync(_app, SignupPage.Fields(email, "PRO"));
        var account = await AccountService().UpdateCardAsync(customer, new CardForm
        {
            FirstName = "Ada", LastName = "Lovelace", Number = CheddarTestData.TestCard, Expiry = $"12/{DateTime.UtcNow.Year + 3}", Cvv = "123", Zip = "12345",
        }, Cancel);

        Assert.True(signup.Refused, $"{(int)signup.Status}: {signup.Errors}");
        Assert.Contains(Shown, SignupPage.FieldArea(signup.Html, "signup-card-number"));
        Assert.DoesNotContain("4111 1111", signup.Html);
        Assert.False(account.Succeeded);
        Assert.Contains(Shown, account.Message);
        Assert.DoesNotContain("4111 1111", account.Message);
        Assert.Equal(AccountField.CardNumber, account.Field);
    }

    private AccountService AccountService() => _app.Services.CreateScope().ServiceProvider.GetRequiredService<AccountService>();
}
