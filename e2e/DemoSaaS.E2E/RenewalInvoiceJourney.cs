using System.Globalization;
using DemoSaaS.E2E.Infrastructure;

namespace DemoSaaS.E2E;

/// <summary>
/// Time passes on the sandbox's billing clock: the PRO trial ends and the first invoice is charged, then a month later
/// the subscription renews. Runs on its own app, since the clock is shared by every customer of a sandbox.
/// </summary>
public sealed class RenewalInvoiceJourney(IsolatedAppServer app, BrowserSession browser) : Journey(app, browser), IClassFixture<IsolatedAppServer>
{
    [Fact]
    public async Task After_the_trial_and_a_renewal_the_account_shows_two_paid_invoices_that_cheddar_charged()
    {
        var visitor = Visitor.New("Renewal");
        await SignUpAndLogInAsync(new SignupDetails { Visitor = visitor, Plan = "PRO", Card = TestCard.Visa });
        await OpenAccountAsync();
        await Assertions.Expect(Page.GetByTestId("status-chip")).ToHaveTextAsync("Trial");
        await CheckpointAsync("trial");

        var firstBill = (await Sandbox.CustomerOfAsync(visitor.Email)).CurrentSubscription!.CurrentInvoice!.BillingDatetime!.Value;
        // Past the trial's end (14 days) and past the first renewal a month later.
        await Sandbox.AdvanceClockAsync(days: 15 + 31);

        await Page.GetByTestId("reload").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("status-chip")).ToHaveTextAsync("Active");
        await Assertions.Expect(Page.GetByTestId("invoice-status").Filter(new() { HasText = "Paid" })).ToHaveCountAsync(2);
        await Assertions.Expect(Page.GetByTestId("next-bill"))
            .ToContainTextAsync(firstBill.AddMonths(2).ToString("d MMM yyyy", CultureInfo.InvariantCulture));
        await CheckpointAsync("renewed");

        var subscription = (await Sandbox.CustomerOfAsync(visitor.Email)).CurrentSubscription!;
        var paid = subscription.Invoices.Where(i => i.IsPaid).ToList();
        Assert.Equal(2, paid.Count);
        Assert.All(paid, invoice => Assert.Equal(19.00m, invoice.Total));
        Assert.All(paid, invoice => Assert.Contains(invoice.Transactions, t => t.Amount == 19.00m));
    }
}
