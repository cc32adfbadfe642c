using System.Globalization;
using DemoSaaS.E2E.Infrastructure;
using Microsoft.Playwright;

namespace DemoSaaS.E2E;

/// <summary>A PRO customer moves the next bill to another day on the account page.</summary>
public sealed class BillDateChangeJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    [Fact]
    public async Task Moving_the_next_bill_shows_the_new_date_and_cheddar_bills_on_it()
    {
        var visitor = Visitor.New("BillDate");
        await SignUpAndLogInAsync(new SignupDetails { Visitor = visitor, Plan = "PRO", Card = TestCard.MasterCard });
        await OpenAccountAsync();
        await CheckpointAsync("before");

        var newDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20);
        await Page.GetByLabel("Move next bill to").FillAsync(newDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Page.GetByTestId("change-bill-date").ClickAsync();

        var shown = newDate.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        await Assertions.Expect(Page.GetByText($"Your next bill is now on {shown}.")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("next-bill")).ToContainTextAsync(shown);
        await CheckpointAsync("moved");

        var invoice = (await Sandbox.CustomerOfAsync(visitor.Email)).CurrentSubscription!.CurrentInvoice!;
        Assert.Equal(newDate, DateOnly.FromDateTime(invoice.BillingDatetime!.Value.UtcDateTime));
    }
}
