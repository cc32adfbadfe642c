using DemoSaaS.E2E.Infrastructure;
using Microsoft.Playwright;

namespace DemoSaaS.E2E;

/// <summary>A card the gateway declines at signup: the visitor reads why, and no account exists anywhere afterwards.</summary>
public sealed class DeclinedCardSignupJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    [Fact]
    public async Task A_declined_card_shows_the_reason_and_creates_neither_a_user_nor_a_cheddar_customer()
    {
        var visitor = Visitor.New("Declined");

        // The sandbox's gateway declines any card whose billing zip is 06000.
        await SubmitSignupAsync(new SignupDetails { Visitor = visitor, Plan = "PRO", Card = TestCard.Visa, Zip = "06000" }, "filled-in");

        await Assertions.Expect(Page.GetByText("The transaction was declined")).ToBeVisibleAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signup"));
        // The card number and CVV are never sent back to the browser; the rest of the form is kept.
        await Assertions.Expect(Page.GetByLabel("Card number")).ToHaveValueAsync("");
        await Assertions.Expect(Page.GetByLabel("CVV")).ToHaveValueAsync("");
        await Assertions.Expect(Page.GetByLabel("Email")).ToHaveValueAsync(visitor.Email);
        await CheckpointAsync("declined");

        // Nothing was created: the visitor cannot log in, and Cheddar holds no customer for them.
        await Page.GotoAsync("/Account/Login");
        await Page.GetByLabel("Email").FillAsync(visitor.Email);
        await Page.GetByLabel("Password").FillAsync(visitor.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(Page.GetByText("Invalid login attempt")).ToBeVisibleAsync();
        await CheckpointAsync("cannot-log-in");

        Assert.Null(await Sandbox.FindUserAsync(visitor.Email));
        Assert.Empty(await Sandbox.SearchCustomersAsync(visitor.Email));
    }
}
