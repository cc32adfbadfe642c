using DemoSaaS.E2E.Infrastructure;
using Microsoft.Playwright;

namespace DemoSaaS.E2E;

/// <summary>A one-time purchase: a report pack charged to the card on file at once, on its own invoice.</summary>
public sealed class ReportPackPurchaseJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    [Fact]
    public async Task Buying_a_report_pack_charges_the_card_once_and_adds_reports_to_the_quota()
    {
        var visitor = Visitor.New("ReportPack");
        await SignUpAndLogInAsync(new SignupDetails { Visitor = visitor, Plan = "PRO", Card = TestCard.Discover });
        await OpenAccountAsync();

        await Page.GetByTestId("buy-pack").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("confirm-dialog")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("confirm-text")).ToContainTextAsync("4.00 is charged to your Discover ending 0012 now");
        await CheckpointAsync("confirm");
        await Page.GetByTestId("confirm-action").ClickAsync();

        await Assertions.Expect(Page.GetByText("Report pack bought: 100 extra reports this period (4.00 charged).")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("usage-pack")).ToContainTextAsync("Includes 100 from report packs.");
        await CheckpointAsync("bought");

        var invoices = (await Sandbox.CustomerOfAsync(visitor.Email)).CurrentSubscription!.Invoices;
        var pack = Assert.Single(invoices, i => i.Charges.Any(c => c.Code == "REPORT_PACK"));
        Assert.Equal(DemoSaaS.Cheddar.Models.Invoice.OneTimeType, pack.Type);
        Assert.Equal(4.00m, pack.Charges.Single(c => c.Code == "REPORT_PACK").EachAmount);
        Assert.NotNull(pack.PaidTransactionId);
    }
}
