using DemoSaaS.E2E.Infrastructure;

namespace DemoSaaS.E2E;

/// <summary>
/// A developer makes a report and opens /dev/cheddar: the add-item-quantity call the report caused is there with its
/// status and answer, and no card field in it (nor anywhere on the page, after a paid signup).
/// </summary>
public sealed class DevCheddarJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    [Fact]
    public async Task After_a_report_dev_cheddar_lists_its_add_item_quantity_call_without_any_card_field()
    {
        var visitor = Visitor.New("DevCheddar");
        await SignUpAndLogInAsync(new SignupDetails { Visitor = visitor, Plan = "PRO", Card = TestCard.Visa });
        await GotoInteractiveAsync("/reports");
        await MakeReportAsync("Visitors by city", "city,visitors\nBerlin,120\nLisbon,80\nOslo,45\n", isCsv: true);

        await GotoInteractiveAsync("/dev/cheddar");
        var customerCode = (await Sandbox.CustomerOfAsync(visitor.Email)).Code;
        // The relay delivers the report's use in the background; the page shows the call as soon as it is made.
        var call = Page.GetByTestId("cheddar-call")
            .Filter(new() { Has = Page.GetByTestId("call-path").Filter(new() { HasText = $"/xml/customers/add-item-quantity/productCode/DEMOSAAS/code/{customerCode}/itemCode/REPORTS" }) })
            .First;
        await Assertions.Expect(call).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(call.GetByTestId("call-status")).ToHaveTextAsync("200");
        await Assertions.Expect(call.GetByTestId("call-parameters")).ToContainTextAsync("quantity");
        await Assertions.Expect(call.GetByTestId("call-parameters")).Not.ToContainTextAsync("cc");

        // The signup's customers/new call is listed too, its card fields masked.
        var signup = Page.GetByTestId("cheddar-call").Filter(new() { HasText = visitor.Email });
        await Assertions.Expect(signup.GetByTestId("call-parameters")).ToContainTextAsync("subscription[ccNumber] = (masked)");
        Assert.DoesNotContain(TestCard.Visa.Number, await Page.ContentAsync());
        // No parameter's value is the card code (a zip such as 12345 merely starts with the same digits).
        var values = (await Page.GetByTestId("call-parameters").AllInnerTextsAsync())
            .SelectMany(parameters => parameters.Split('\n'))
            .Select(line => line.Split(" = ", 2) is [_, var value] ? value.Trim() : null);
        Assert.DoesNotContain(TestCard.Visa.Cvv, values);
        await CheckpointAsync("dev-cheddar");
    }
}
