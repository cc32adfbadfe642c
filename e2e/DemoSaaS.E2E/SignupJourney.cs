using DemoSaaS.E2E.Infrastructure;
using Microsoft.Playwright;

namespace DemoSaaS.E2E;

/// <summary>/signup in a real browser: a static server-rendered form (no circuit), plain inputs, antiforgery.</summary>
public sealed class SignupJourney(AppServer app, BrowserSession browser) : IClassFixture<AppServer>, IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Visitor_signs_up_for_pro_after_a_declined_card_is_explained_at_the_card_field()
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        var email = $"e2e-{Guid.NewGuid():N}@example.com";
        await page.GotoAsync("/signup?plan=PRO");

        await Assertions.Expect(page.Locator("#plan-PRO")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#signup-card-number")).ToBeVisibleAsync();
        await page.Locator("label[for=plan-FREE]").ClickAsync();
        await Assertions.Expect(page.Locator("#signup-card-number")).ToBeHiddenAsync();
        await page.Locator("label[for=plan-PRO]").ClickAsync();

        await page.Locator("#signup-first-name").FillAsync("Ada");
        await page.Locator("#signup-last-name").FillAsync("Lovelace");
        await page.Locator("#signup-email").FillAsync(email);
        await page.Locator("#signup-password").FillAsync("Correct-Horse-9");
        await page.Locator("#signup-card-number").FillAsync("4111 1111 1111 1111");
        await page.Locator("#signup-card-expiry").FillAsync($"12/{DateTime.UtcNow.Year + 3}");
        await page.Locator("#signup-card-cvv").FillAsync("123");
        await page.Locator("#signup-card-zip").FillAsync("06000");
        await page.Locator("#signup-submit").ClickAsync();

        // Cheddar's simulated gateway declines zip 06000: the reason sits at the card, the card number and CVV are gone.
        await Assertions.Expect(page.Locator("#signup-card-number ~ .field-error")).ToContainTextAsync("declined");
        await Assertions.Expect(page.Locator("#signup-card-number")).ToHaveValueAsync("");
        await Assertions.Expect(page.Locator("#signup-card-cvv")).ToHaveValueAsync("");
        await Assertions.Expect(page.Locator("#signup-password")).ToHaveValueAsync("");
        await Assertions.Expect(page.Locator("#signup-email")).ToHaveValueAsync(email);
        Directory.CreateDirectory(BrowserSession.ResultsDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ResultsDirectory, "signup-declined.png"), FullPage = true });

        await page.Locator("#signup-password").FillAsync("Correct-Horse-9");
        await page.Locator("#signup-card-number").FillAsync("4111111111111111");
        await page.Locator("#signup-card-cvv").FillAsync("123");
        await page.Locator("#signup-card-zip").FillAsync("12345");
        await page.Locator("#signup-submit").ClickAsync();

        await Assertions.Expect(page).ToHaveTitleAsync("Register confirmation");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ResultsDirectory, "signup-done.png"), FullPage = true });
    }
}
