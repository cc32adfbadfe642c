using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DemoSaaS.CheddarSandbox.Hosting;

namespace DemoSaaS.CheddarSandbox.Tests.Webhooks;

/// <summary>Webhooks caused by real API calls and clock advances, as a receiver sees them.</summary>
public sealed class WebhookApiEventTests : IAsyncLifetime
{
    private const string Secret = "api-event-secret";
    private WebhookReceiver _receiver = null!;
    private CheddarSandboxHost _sandbox = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _sandbox = await CheddarSandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["CheddarSandbox:DatabasePath"] = ":memory:",
            ["CheddarSandbox:WebhookSecret"] = Secret,
            ["CheddarSandbox:WebhookRetrySchedule"] = "50ms,100ms",
        }, cancellationToken: TestContext.Current.CancellationToken);
        _client = _sandbox.CreateClient();
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("sandbox@demosaas.local:sandbox"u8.ToArray()));
        using var registered = await _client.PostJsonAsync("/sandbox/webhooks/endpoints", $$"""{"url":"{{_receiver.Url}}"}""");
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _sandbox.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Signup_and_cancel_reach_the_receiver_signed_with_the_customer_in_the_body()
    {
        var cheddar = new CheddarHttp(_client);
        Assert.Equal(HttpStatusCode.OK, (await cheddar.NewCustomerAsync("hooked", "PRO", ("metaData[team]", "blue"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await cheddar.PostAsync($"/xml/customers/cancel/{CheddarHttp.Product}/code/hooked")).Status);

        var posts = await _receiver.WaitForAsync(2);

        var bodies = posts.Select(p => JsonDocument.Parse(p.Body).RootElement).ToList();
        Assert.Equal(["newSubscription", "subscriptionCanceled"], bodies.Select(b => b.GetProperty("activityType").GetString()).Order());
        Assert.All(bodies, b => Assert.Equal("hooked", b.GetProperty("customer").GetProperty("code").GetString()));
        Assert.All(posts, p => Assert.Equal(Sign(p.Body), p.Signature));
        var signup = bodies.Single(b => b.GetProperty("activityType").GetString() == "newSubscription");
        Assert.Equal("blue", signup.GetProperty("customer").GetProperty("metaData")[0].GetProperty("value").GetString());
        Assert.Equal("PRO", signup.GetProperty("subscription").GetProperty("plan").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_renewal_billed_by_advancing_the_clock_sends_a_transaction_event_dated_by_the_sandbox_clock()
    {
        var cheddar = new CheddarHttp(_client);
        Assert.Equal(HttpStatusCode.OK, (await cheddar.NewCustomerAsync("renewed", "PRO")).Status);
        await _receiver.WaitForAsync(1);

        using var advanced = await _client.PostJsonAsync("/sandbox/clock/advance", """{"days":15}""");
        Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);

        var posts = await _receiver.WaitForAsync(2);
        var transactionPost = Assert.Single(posts, p => JsonDocument.Parse(p.Body).RootElement.GetProperty("activityType").GetString() == "transaction");
        var transaction = JsonDocument.Parse(transactionPost.Body).RootElement;
        var invoiceTransaction = transaction.GetProperty("subscription").GetProperty("invoice").GetProperty("transaction");
        Assert.Equal("19.00", invoiceTransaction.GetProperty("amount").GetString());
        Assert.Equal("approved", invoiceTransaction.GetProperty("response").GetString());
        // Dated at the one-day step on which the trial ended, not at the end of the 15-day jump.
        var activityAt = ParseDatetime(transaction.GetProperty("activityDatetime"));
        var billedAt = ParseDatetime(transaction.GetProperty("subscription").GetProperty("invoice").GetProperty("billingDatetime"));
        Assert.InRange(activityAt - billedAt, TimeSpan.Zero, TimeSpan.FromDays(1));
        Assert.True(billedAt > DateTimeOffset.UtcNow.AddDays(13));
        Assert.Contains("\"activityDatetime\":\"" + transaction.GetProperty("activityDatetime").GetString() + "\"", Encoding.UTF8.GetString(transactionPost.Body));
    }

    [Fact]
    public async Task Reset_empties_the_delivery_log_but_keeps_runtime_endpoints()
    {
        var cheddar = new CheddarHttp(_client);
        Assert.Equal(HttpStatusCode.OK, (await cheddar.NewCustomerAsync("before-reset", "FREE")).Status);
        await Eventually.TrueAsync(async () => (await _client.DeliveriesAsync()).Length == 1, TimeSpan.FromSeconds(10), "the signup is logged");

        using var reset = await _client.PostAsync("/sandbox/reset", null, TestContext.Current.CancellationToken);
        reset.EnsureSuccessStatusCode();

        Assert.Empty(await _client.DeliveriesAsync());
        Assert.Single((await _client.GetJsonAsync("/sandbox/webhooks/endpoints")).GetProperty("endpoints").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await cheddar.NewCustomerAsync("after-reset", "FREE")).Status);
        await Eventually.TrueAsync(async () => (await _client.DeliveriesAsync()) is [var d] && d.GetProperty("status").GetString() == "delivered",
            TimeSpan.FromSeconds(10), "the signup after the reset is delivered");
    }

    private static DateTimeOffset ParseDatetime(JsonElement value) =>
        DateTimeOffset.ParseExact(value.GetString()!, "yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    private static string Sign(byte[] body)
    {
        var md5Hex = Convert.ToHexStringLower(MD5.HashData(body));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.ASCII.GetBytes(md5Hex)));
    }
}
