using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.E2E.Infrastructure;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Infrastructure.Cheddar;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DemoSaaS.E2E;

/// <summary>/account in a real browser: the interactive MudBlazor page, its dialogs, and Cheddar behind it.</summary>
public sealed class AccountJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    private const string Password = Visitor.DefaultPassword;

    [Fact]
    public async Task Pro_customer_applies_a_coupon_buys_a_report_pack_and_moves_to_team()
    {
        await ReceiveSandboxWebhooksAsync();
        var email = await ProCustomerWithUsageAsync();
        var page = Page;
        await LogInAsync(new Visitor { FirstName = "Ada", LastName = "Lovelace", Email = email, Password = Password });

        await OpenAccountAsync();
        await Assertions.Expect(page.Locator("[data-testid=status-chip]")).ToHaveTextAsync("Trial");
        await Assertions.Expect(page.Locator("[data-testid=usage-REPORTS] [data-testid=usage-text]")).ToHaveTextAsync("180 of 500 used");

        // The first clicks can land before the circuit is up (prerendered HTML): retry until the page reacts.
        await RetryUntilAsync(() => page.Locator("input[data-testid=coupon-input]").FillAsync("LAUNCH20"),
            () => page.Locator("[data-testid=apply-coupon]").ClickAsync(),
            page.Locator("[data-testid=coupon-on-file]"));
        await Assertions.Expect(page.Locator("[data-testid=coupon-on-file]")).ToContainTextAsync("LAUNCH20");
        await Assertions.Expect(page.Locator("[data-testid=next-bill]")).ToContainTextAsync("15.20");

        await page.Locator("[data-testid=buy-pack]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=confirm-text]")).ToContainTextAsync("4.00 is charged to your Visa ending 1111 now");
        await page.Locator("[data-testid=confirm-action]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=usage-REPORTS] [data-testid=usage-text]")).ToHaveTextAsync("180 of 600 used");
        await Assertions.Expect(page.Locator("[data-testid=status-chip]")).ToHaveTextAsync("Trial");
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "Report pack bought" })).ToBeVisibleAsync();

        await Assertions.Expect(page.Locator("[data-testid=billing-event]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await page.Locator("[data-testid=reload]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=billing-event]")).ToHaveCountAsync(2);
        Directory.CreateDirectory(BrowserSession.ResultsDirectory);
        await page.SetViewportSizeAsync(1280, 900);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ResultsDirectory, "account.png"), FullPage = true });
        await CheckpointAsync("account");

        await page.Locator("[data-testid=choose-TEAM]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=charge-summary]")).ToContainTextAsync("you pay 49.00 a month instead of 19.00");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ResultsDirectory, "account-change-plan.png") });
        await CheckpointAsync("change-plan");
        await page.Locator("[data-testid=confirm-plan-change]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=plan-panel] h6")).ToHaveTextAsync("Team");
        await Assertions.Expect(page.Locator("[data-testid=plan-TEAM]")).ToContainTextAsync("Current plan");
    }

    /// <summary>A confirmed user whose Cheddar customer (code = user id) is on a PRO trial with a card and some usage.</summary>
    private async Task<string> ProCustomerWithUsageAsync()
    {
        var email = $"e2e-account-{Guid.NewGuid():N}@example.com";
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        var ct = TestContext.Current.CancellationToken;
        await scope.ServiceProvider.GetRequiredService<ICheddarCustomers>().CreateAsync(new NewCustomerRequest
        {
            Code = user.Id, FirstName = "Ada", LastName = "Lovelace", Email = email,
            Subscription = new NewSubscriptionRequest
            {
                PlanCode = "PRO",
                Card = new PaymentCard { Number = "4111111111111111", ExpirationMonth = 12, ExpirationYear = DateTime.UtcNow.Year + 3, CardCode = "123" },
                CardHolder = new CardHolder { FirstName = "Ada", LastName = "Lovelace", Zip = "12345" },
            },
        }, ct);
        var items = scope.ServiceProvider.GetRequiredService<ICheddarTrackedItems>();
        await items.SetQuantityAsync(user.Id, "REPORTS", 180, cancellationToken: ct);
        await items.SetQuantityAsync(user.Id, "EXPORTS", 12, cancellationToken: ct);
        return email;
    }

    /// <summary>Makes sure the embedded sandbox posts its webhooks to this app (a no-op when the app registered itself).</summary>
    private async Task ReceiveSandboxWebhooksAsync()
    {
        using var sandbox = new HttpClient { BaseAddress = App.Services.GetRequiredService<EmbeddedCheddarSandbox>().BaseAddress };
        using var response = await sandbox.PostAsync("sandbox/webhooks/endpoints", new StringContent(
            $"{{\"url\":\"{new Uri(App.BaseAddress, "webhooks/cheddar")}\"}}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static async Task RetryUntilAsync(Func<Task> fill, Func<Task> click, ILocator appears)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await fill();
            await click();
            try
            {
                await appears.WaitForAsync(new() { Timeout = 1000 });
                return;
            }
            catch (TimeoutException)
            {
            }
        }
        await Assertions.Expect(appears).ToBeVisibleAsync();
    }
}
