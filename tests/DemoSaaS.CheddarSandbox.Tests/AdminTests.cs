using System.Net;
using DemoSaaS.CheddarSandbox.Hosting;

namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>delete-all, /sandbox/reset and persistence across restarts. Each test owns its sandbox: they wipe state.</summary>
public sealed class AdminTests
{
    private static async Task<CheddarSandboxHost> StartAsync(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["CheddarSandbox:DatabasePath"] = ":memory:" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        return await CheddarSandboxHost.StartAsync(all, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static CheddarHttp Connect(CheddarSandboxHost host)
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("sandbox@demosaas.local:sandbox"u8.ToArray()));
        return new CheddarHttp(client);
    }

    [Fact]
    public async Task Delete_all_with_a_confirm_timestamp_empties_a_development_product()
    {
        await using var host = await StartAsync();
        using var cheddar = Connect(host);
        await cheddar.NewCustomerAsync("one", "FREE");
        await cheddar.NewCustomerAsync("two", "PRO");
        (await cheddar.GetAsync($"/xml/customers/delete-all/{CheddarHttp.Product}")).ShouldBeError(412, "A value is required: confirm", "confirm:isEmpty");
        (await cheddar.GetAsync($"/xml/customers/delete-all/confirm/soon/{CheddarHttp.Product}")).ShouldBeError(412, "'soon' is not a Unix timestamp: confirm", "confirm:notDigits");
        var reply = await cheddar.PostAsync($"/xml/customers/delete-all/confirm/{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}/{CheddarHttp.Product}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        (await cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}")).ShouldBeError(404, "No customers found.");
    }

    [Fact]
    public async Task Delete_all_is_refused_on_a_production_product_and_deletes_nothing()
    {
        await using var host = await StartAsync(("CheddarSandbox:IsDevelopmentProduct", "false"));
        using var cheddar = Connect(host);
        await cheddar.NewCustomerAsync("keep", "FREE");
        (await cheddar.PostAsync($"/xml/customers/delete-all/confirm/{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}/{CheddarHttp.Product}"))
            .ShouldBeError(400, "customers/delete-all is only available for development products");
        Assert.Equal("keep", (await cheddar.CustomerAsync("keep")).Attribute("code")!.Value);
    }

    [Fact]
    public async Task Reset_wipes_customers_restarts_invoice_numbers_and_puts_the_clock_back()
    {
        await using var host = await StartAsync();
        using var cheddar = Connect(host);
        using var control = host.CreateClient();
        await cheddar.NewCustomerAsync("before", "PRO");
        (await control.PostJsonAsync("/sandbox/clock/advance", """{"days": 3}""")).EnsureSuccessStatusCode();

        using var reset = await control.PostAsync("/sandbox/reset", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        (await cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}")).ShouldBeError(404, "No customers found.");
        var clock = await control.GetJsonAsync("/sandbox/clock");
        Assert.Equal("00:00:00", clock.GetProperty("offset").GetString());
        var after = await cheddar.NewCustomerAsync("after", "PRO");
        Assert.Equal("1", after.Customer.Subscription().Invoice().Element("number")!.Value);
        Assert.Equal(3, (await cheddar.GetAsync($"/xml/plans/get/{CheddarHttp.Product}")).Root.Elements("plan").Count());
    }

    [Fact]
    public async Task Customers_survive_a_restart_on_a_file_database()
    {
        using var database = new DatabaseFile();
        var file = database.Path;
        await using (var first = await StartAsync(("CheddarSandbox:DatabasePath", file)))
        {
            using var cheddar = Connect(first);
            await cheddar.NewCustomerAsync("durable", "PRO");
            await cheddar.PostAsync($"/xml/customers/add-item-quantity/{CheddarHttp.Product}/code/durable/itemCode/REPORTS", ("quantity", "3"));
        }
        await using var second = await StartAsync(("CheddarSandbox:DatabasePath", file));
        using var again = Connect(second);
        var customer = await again.CustomerAsync("durable");
        Assert.Equal("3", customer.ItemQuantity("REPORTS"));
        Assert.Equal("1111", customer.Subscription().Element("ccLastFour")!.Value);
        var created = await again.NewCustomerAsync("later", "FREE");
        Assert.Equal("2", created.Customer.Subscription().Invoice().Element("number")!.Value);
    }

    [Fact]
    public async Task The_clock_resumes_where_it_was_after_a_restart_on_a_file_database_and_a_reset_puts_it_back()
    {
        using var database = new DatabaseFile();
        var file = database.Path;
        await using (var first = await StartAsync(("CheddarSandbox:DatabasePath", file)))
        {
            using var control = first.CreateClient();
            (await control.PostJsonAsync("/sandbox/clock/advance", """{"days": 40, "hours": 6}""")).EnsureSuccessStatusCode();
        }
        await using (var second = await StartAsync(("CheddarSandbox:DatabasePath", file)))
        {
            using var control = second.CreateClient();
            Assert.Equal("40.06:00:00", (await control.GetJsonAsync("/sandbox/clock")).GetProperty("offset").GetString());
            (await control.PostJsonAsync("/sandbox/clock/advance", """{"days": 1}""")).EnsureSuccessStatusCode();
            Assert.Equal("41.06:00:00", (await control.GetJsonAsync("/sandbox/clock")).GetProperty("offset").GetString());
            using var reset = await control.PostAsync("/sandbox/reset", null, TestContext.Current.CancellationToken);
            reset.EnsureSuccessStatusCode();
        }
        await using var third = await StartAsync(("CheddarSandbox:DatabasePath", file));
        using var afterReset = third.CreateClient();
        Assert.Equal("00:00:00", (await afterReset.GetJsonAsync("/sandbox/clock")).GetProperty("offset").GetString());
    }

    [Fact]
    public async Task Every_acknowledged_parallel_change_survives_a_restart_on_a_file_database()
    {
        using var database = new DatabaseFile();
        var file = database.Path;
        await using (var first = await StartAsync(("CheddarSandbox:DatabasePath", file)))
        {
            using var cheddar = Connect(first);
            await cheddar.NewCustomerAsync("busy-a", "PRO");
            await cheddar.NewCustomerAsync("busy-b", "PRO");
            var changes = Enumerable.Range(0, 50).Select(i => i % 5 == 4
                ? cheddar.PostAsync($"/xml/customers/add-charge/{CheddarHttp.Product}/code/busy-{(i % 2 == 0 ? "a" : "b")}",
                    ("chargeCode", $"EXTRA{i}"), ("quantity", "1"), ("eachAmount", "2.00"))
                : cheddar.PostAsync($"/xml/customers/add-item-quantity/{CheddarHttp.Product}/code/busy-{(i % 2 == 0 ? "a" : "b")}/itemCode/REPORTS", ("quantity", "1")));
            var replies = await Task.WhenAll(changes);
            Assert.All(replies, reply => Assert.Equal(HttpStatusCode.OK, reply.Status));
        }
        await using var second = await StartAsync(("CheddarSandbox:DatabasePath", file));
        using var again = Connect(second);
        foreach (var (code, charges) in new[] { ("busy-a", new[] { "EXTRA4", "EXTRA14", "EXTRA24", "EXTRA34", "EXTRA44" }), ("busy-b", new[] { "EXTRA9", "EXTRA19", "EXTRA29", "EXTRA39", "EXTRA49" }) })
        {
            // 25 calls each: 5 charges and 20 item adds.
            var customer = await again.CustomerAsync(code);
            Assert.Equal("20", customer.ItemQuantity("REPORTS"));
            Assert.Equal(charges.Order(), customer.Subscription().Invoice().Charges()
                .Select(c => c.Attribute("code")!.Value).Where(c => c.StartsWith("EXTRA", StringComparison.Ordinal)).Order());
        }
    }

    [Fact]
    public async Task Card_numbers_and_codes_never_reach_the_database_file()
    {
        using var database = new DatabaseFile();
        var file = database.Path;
        await using (var host = await StartAsync(("CheddarSandbox:DatabasePath", file)))
        {
            using var cheddar = Connect(host);
            await cheddar.NewCustomerAsync("secretive", "TEAM", ("subscription[ccNumber]", "5424000000000015"), ("subscription[ccCardCode]", "8642"));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = string.Concat(new[] { file, file + "-wal" }.Where(File.Exists).Select(p => System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(p))));
        Assert.Contains("secretive", bytes);
        Assert.DoesNotContain("5424000000000015", bytes);
        Assert.DoesNotContain("8642", bytes);
    }

    /// <summary>A sandbox database file in the temp folder; disposing closes pooled connections and deletes it with its WAL files.</summary>
    private sealed class DatabaseFile : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cheddar-sandbox-{Guid.NewGuid():N}.db");

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var path in new[] { Path, Path + "-wal", Path + "-shm" })
            {
                File.Delete(path);
            }
        }
    }
}
