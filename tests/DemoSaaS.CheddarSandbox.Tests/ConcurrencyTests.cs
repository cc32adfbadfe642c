using System.Globalization;
using System.Net;

namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>
/// Calls at the same time, over real HTTP against the sandbox as it runs by default (SQLite file): reads go on while
/// item changes are saved, and no change is ever lost or seen half done.
/// </summary>
public sealed class ConcurrencyTests(FileDatabaseSandbox sandbox) : IClassFixture<FileDatabaseSandbox>, IDisposable
{
    private readonly CheddarHttp _cheddar = sandbox.CreateCheddar();

    public void Dispose() => _cheddar.Dispose();

    private static string Code() => "cc-" + Guid.NewGuid().ToString("N")[..12];

    private static string AddPath(string by, string key) =>
        $"/xml/customers/add-item-quantity/{CheddarHttp.Product}/{by}/{Uri.EscapeDataString(key)}/itemCode/REPORTS";

    [Fact]
    public async Task Parallel_adds_each_see_a_different_total_while_reads_see_only_saved_totals_in_order()
    {
        var code = Code();
        Assert.Equal(HttpStatusCode.OK, (await _cheddar.NewCustomerAsync(code, "TEAM")).Status);
        var adding = Task.WhenAll(Enumerable.Range(0, 40).Select(_ => _cheddar.PostAsync(AddPath("code", code), ("quantity", "1"))));
        var seen = new List<int>();
        while (!adding.IsCompleted || seen.Count < 5)
        {
            // Each read is a whole document (it parses, and ends where a customer document ends).
            var customer = await _cheddar.CustomerAsync(code);
            seen.Add(int.Parse(customer.ItemQuantity("REPORTS"), CultureInfo.InvariantCulture));
        }
        var added = await adding;

        Assert.All(added, reply => Assert.Equal(HttpStatusCode.OK, reply.Status));
        // One at a time: every add started from the total the previous one saved, so the answers are 1..40.
        Assert.Equal(Enumerable.Range(1, 40), added.Select(r => int.Parse(r.Customer.ItemQuantity("REPORTS"), CultureInfo.InvariantCulture)).Order());
        // A read sees a saved total, and never an older one than the read before it.
        Assert.All(seen, quantity => Assert.InRange(quantity, 0, 40));
        Assert.Equal(seen.Order(), seen);
        Assert.Equal("40", (await _cheddar.CustomerAsync(code)).ItemQuantity("REPORTS"));
    }

    [Fact]
    public async Task Changes_to_different_customers_at_the_same_time_all_apply()
    {
        var codes = Enumerable.Range(0, 6).Select(_ => Code()).ToList();
        foreach (var code in codes)
        {
            Assert.Equal(HttpStatusCode.OK, (await _cheddar.NewCustomerAsync(code, "PRO")).Status);
        }

        var calls = codes.SelectMany(code => Enumerable.Range(0, 10).Select(_ => _cheddar.PostAsync(AddPath("code", code), ("quantity", "2")))
            .Append(_cheddar.PostAsync($"/xml/customers/add-charge/{CheddarHttp.Product}/code/{code}",
                ("chargeCode", "SETUP_HELP"), ("quantity", "1"), ("eachAmount", "12.50"), ("description", "for " + code))));
        var replies = await Task.WhenAll(calls);

        Assert.All(replies, reply => Assert.Equal(HttpStatusCode.OK, reply.Status));
        foreach (var code in codes)
        {
            var customer = await _cheddar.CustomerAsync(code);
            Assert.Equal("20", customer.ItemQuantity("REPORTS"));
            var charge = Assert.Single(customer.Subscription().Invoice().Charges(), c => c.Attribute("code")!.Value == "SETUP_HELP");
            Assert.Equal("for " + code, charge.Element("description")!.Value);
        }
    }

    [Fact]
    public async Task Calls_naming_one_customer_by_code_and_by_id_never_lose_an_update()
    {
        var code = Code();
        var created = await _cheddar.NewCustomerAsync(code, "PRO");
        var id = created.Customer.Attribute("id")!.Value;

        var replies = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            _cheddar.PostAsync(i % 2 == 0 ? AddPath("code", code) : AddPath("id", id), ("quantity", "1"))));

        Assert.All(replies, reply => Assert.Equal(HttpStatusCode.OK, reply.Status));
        Assert.Equal("40", (await _cheddar.CustomerAsync(code)).ItemQuantity("REPORTS"));
    }
}
