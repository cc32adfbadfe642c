using System.Globalization;
using System.Net;

namespace DemoSaaS.CheddarSandbox.Tests.Control;

/// <summary>
/// A clock advance bills day by day while usage keeps arriving (its own sandbox: the clock is per sandbox). Each billing
/// run and each clock step happen with no API call in between, so every unit lands in exactly one period.
/// </summary>
public sealed class ClockAdvanceConcurrencyTests(FileDatabaseSandbox sandbox) : IClassFixture<FileDatabaseSandbox>, IDisposable
{
    private const int Adds = 30;
    private const int EachAdd = 1000;
    private const int IncludedReports = 500;

    private readonly CheddarHttp _cheddar = sandbox.CreateCheddar();

    public void Dispose() => _cheddar.Dispose();

    [Fact]
    public async Task Usage_recorded_while_the_clock_advances_through_a_bill_date_is_billed_exactly_once()
    {
        var code = "clock-cc-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(HttpStatusCode.OK, (await _cheddar.NewCustomerAsync(code, "PRO")).Status);
        var path = $"/xml/customers/add-item-quantity/{CheddarHttp.Product}/code/{code}/itemCode/REPORTS";

        // PRO's trial ends on day 14: 20 one-day steps, each with a billing run, while the adds arrive spread out.
        var advance = _cheddar.Http.PostJsonAsync("/sandbox/clock/advance", """{"days":20}""");
        var adds = Enumerable.Range(0, Adds).Select(async i =>
        {
            await Task.Delay(i * 5, TestContext.Current.CancellationToken);
            return await _cheddar.PostAsync(path, ("quantity", EachAdd.ToString(CultureInfo.InvariantCulture)));
        }).ToList();
        using var advanced = await advance;
        var replies = await Task.WhenAll(adds);

        Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
        Assert.All(replies, reply => Assert.Equal(HttpStatusCode.OK, reply.Status));
        var subscription = (await _cheddar.CustomerAsync(code)).Subscription();
        var invoices = subscription.Element("invoices")!.Elements("invoice").ToList();
        Assert.Equal(2, invoices.Count);
        // The billed trial invoice froze its overage (usage above the 500 included); the open one follows current usage.
        var billedOverage = invoices[1].Charges().Where(c => c.Attribute("code")!.Value == "REPORTS")
            .Select(c => decimal.Parse(c.Element("quantity")!.Value, CultureInfo.InvariantCulture)).SingleOrDefault(-IncludedReports);
        var billedUsage = billedOverage + IncludedReports;
        var currentUsage = decimal.Parse(subscription.Element("items")!.Elements("item")
            .Single(i => i.Attribute("code")!.Value == "REPORTS").Element("quantity")!.Value, CultureInfo.InvariantCulture);
        Assert.Equal(Adds * EachAdd, billedUsage + currentUsage);
    }
}
