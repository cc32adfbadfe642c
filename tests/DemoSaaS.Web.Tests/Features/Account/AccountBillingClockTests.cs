using DemoSaaS.Web.Tests.Infrastructure;

namespace DemoSaaS.Web.Tests.Features.Account;

/// <summary>
/// Renewal, overage and dunning, run by advancing the sandbox's billing clock, then seen on the rendered account
/// page. One app host per class: the clock is shared by everything in that host's sandbox.
/// </summary>
public sealed class AccountBillingClockTests(DemoSaaSWebFactory factory) : BunitContext, IClassFixture<DemoSaaSWebFactory>
{
    private readonly AccountSandbox _sandbox = new(factory);

    [Fact]
    public async Task A_renewal_shows_as_a_second_paid_invoice_and_moves_the_next_bill()
    {
        var user = await _sandbox.CreateCustomerAsync("TEAM");
        var firstNextBill = (await _sandbox.GetAsync(user)).CurrentSubscription!.CurrentInvoice!.BillingDatetime!.Value;

        await _sandbox.AdvanceClockAsync(32);

        AccountPageHost.SignIn(this, factory, user);
        var page = AccountPageHost.RenderPage(this);
        Assert.Equal("Active", page.Find("[data-testid=status-chip]").TextContent.Trim());
        var statuses = page.FindAll("[data-testid=invoice-status]").Select(s => s.TextContent.Trim()).ToList();
        Assert.Equal(["Upcoming", "Paid", "Paid"], statuses);
        Assert.Contains(firstNextBill.AddMonths(1).ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture),
            page.Find("[data-testid=next-bill]").TextContent);
    }

    [Fact]
    public async Task Usage_above_the_included_quantity_is_billed_as_an_overage_line_at_period_close()
    {
        var user = await _sandbox.CreateCustomerAsync("TEAM");
        await _sandbox.SetUsageAsync(user, "EXPORTS", 1010);

        AccountPageHost.SignIn(this, factory, user);
        var before = AccountPageHost.RenderPage(this);
        Assert.Contains("1010 of 1000 used", before.Find("[data-testid=usage-EXPORTS] [data-testid=usage-text]").TextContent);
        Assert.Contains("= 1.00", before.Find("[data-testid=usage-EXPORTS] [data-testid=usage-overage]").TextContent);

        await _sandbox.AdvanceClockAsync(32);

        var after = AccountPageHost.RenderPage(this);
        var renewal = after.FindAll("[data-testid^=invoice-]").Where(e => e.GetAttribute("data-testid")!.StartsWith("invoice-", StringComparison.Ordinal)
                && e.QuerySelector("[data-testid=invoice-status]")?.TextContent.Trim() == "Paid"
                && e.QuerySelector("[data-testid=invoice-total]")?.TextContent.Trim() == "50.00")
            .ToList();
        Assert.Single(renewal);
        Assert.Contains("0 of 1000 used", after.Find("[data-testid=usage-EXPORTS] [data-testid=usage-text]").TextContent);
        var invoice = await _sandbox.GetAsync(user);
        var billed = invoice.CurrentSubscription!.Invoices.Single(i => i.Total == 50.00m);
        Assert.Contains(billed.Charges, c => c.Code == "EXPORTS" && c.Quantity == 10 && c.Amount == 1.00m);
    }

    [Fact]
    public async Task A_card_that_fails_at_renewal_shows_past_due_then_canceled_after_dunning()
    {
        // ccZip 16000: accepted now, every later charge declined with 6000.
        var user = await _sandbox.CreateCustomerAsync("TEAM", zip: "16000");

        await _sandbox.AdvanceClockAsync(32);

        AccountPageHost.SignIn(this, factory, user);
        var pastDue = AccountPageHost.RenderPage(this);
        Assert.Equal("Past due", pastDue.Find("[data-testid=status-chip]").TextContent.Trim());
        Assert.Contains("49.00 failed", pastDue.Find("[data-testid=status-detail]").TextContent);
        Assert.Contains("Declined", pastDue.FindAll("[data-testid=invoice-status]").Select(s => s.TextContent.Trim()));

        await _sandbox.AdvanceClockAsync(30);

        var canceled = AccountPageHost.RenderPage(this);
        Assert.Equal("Canceled", canceled.Find("[data-testid=status-chip]").TextContent.Trim());
        Assert.Contains("after payments failed", canceled.Find("[data-testid=status-detail]").TextContent);
        Assert.NotNull(canceled.Find("[data-testid=choose-TEAM]"));
    }
}
