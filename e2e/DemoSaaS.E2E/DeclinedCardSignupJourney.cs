using DemoSaaS.E2E.Infrastructure;
using Microsoft.Playwright;

namespace DemoSaaS.E2E;

/// <summary>A card the gateway declines at signup: the visitor reads why, and no account exists anywhere afterwards.</summary>
public sealed class DeclinedCardSignupJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    [Fact]
    public async Task A_declined_card_shows_the_reason_at_the_card_and_creates_neither_a_user_nor_a_cheddar_customer()
    {
        var visitor = Visitor.New("Declined");

        // The sandbox's gateway declines any card whose billing zip is 06000.
        await SubmitSignupAsync(new SignupDetails { Visitor = visitor, Plan = "PRO", Card = TestCard.Visa, Zip = "06000" }, "filled-in");

        await Assertions.Expect(Page.Locator("#signup-card-number ~ .field-error")).ToContainTextAsync("The transaction was declined");
        // Secrets are never sent back to the browser; the rest of the form is kept for a second try.
        await Assertions.Expect(Page.GetByLabel("Card number")).ToHaveValueAsync("");
        await Assertions.Expect(Page.GetByLabel("CVV")).ToHaveValueAsync("");
        await Assertions.Expect(Page.GetByLabel("Password")).ToHaveValueAsync("");
        await Assertions.Expect(Page.GetByLabel("Email")).ToHaveValueAsync(visitor.Email);
        await CheckpointAsync("declined");

        // Nothing was created: the visitor cannot log in, and Cheddar holds no customer for them.
        await SubmitLoginAsync(visitor.Email, visitor.Password);
        await Assertions.Expect(Page.GetByText("Invalid login attempt")).ToBeVisibleAsync();
        await CheckpointAsync("cannot-log-in");

        Assert.Null(await Sandbox.FindUserAsync(visitor.Email));
        Assert.Empty(await Sandbox.SearchCustomersAsync(visitor.Email));
    }
}
