using System.Net;
using System.Text.Json;

namespace DemoSaaS.CheddarSandbox.Tests.Control;

/// <summary>Advancing the clock runs the real billing engine and reports what it did.</summary>
public sealed class ClockBillingTests(SandboxServer sandbox) : IClassFixture<SandboxServer>, IDisposable
{
    private readonly CheddarHttp _cheddar = CheddarHttp.For(sandbox);

    public void Dispose() => _cheddar.Dispose();

    [Fact]
    public async Task Advancing_past_the_trial_bills_the_first_period_and_a_long_jump_bills_every_renewal_on_the_way()
    {
        var code = "clock-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(HttpStatusCode.OK, (await _cheddar.NewCustomerAsync(code, "PRO")).Status);

        var trialEnd = await AdvanceAsync("""{"days":15}""");
        var twoMonths = await AdvanceAsync("""{"days":61}""");

        Assert.Equal(1, trialEnd.GetProperty("billing").GetProperty("transactionsApproved").GetInt32());
        Assert.Equal(2, twoMonths.GetProperty("billing").GetProperty("transactionsApproved").GetInt32());
        Assert.Equal(61, twoMonths.GetProperty("steps").GetInt32());
        Assert.Equal(0, twoMonths.GetProperty("billing").GetProperty("transactionsDeclined").GetInt32());
        var paid = (await _cheddar.CustomerAsync(code)).Subscription().Element("invoices")!.Elements("invoice")
            .Count(i => i.Element("paidTransactionId")!.Value.Length > 0);
        Assert.Equal(3, paid);
    }

    private async Task<JsonElement> AdvanceAsync(string json)
    {
        using var response = await _cheddar.Http.PostJsonAsync("/sandbox/clock/advance", json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }
}
