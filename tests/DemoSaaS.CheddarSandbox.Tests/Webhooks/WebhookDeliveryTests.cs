using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DemoSaaS.CheddarSandbox.Hosting;
using DemoSaaS.CheddarSandbox.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.CheddarSandbox.Tests.Webhooks;

public sealed partial class WebhookDeliveryTests : IAsyncLifetime
{
    private const string Secret = "test-webhook-secret";
    private WebhookReceiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async ValueTask DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Webhook_arrives_as_json_signed_with_hmac_sha256_of_the_md5_of_the_exact_body()
    {
        await using var sandbox = await StartSandboxAsync("50ms");

        await PublishAsync(sandbox, "newSubscription", "SIGNED_CUSTOMER");

        var received = Assert.Single(await _receiver.WaitForAsync(1));
        Assert.Equal("application/json; charset=utf-8", received.ContentType);
        var md5Hex = Convert.ToHexStringLower(MD5.HashData(received.Body));
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Secret));
        var expected = Convert.ToHexStringLower(hmac.ComputeHash(Encoding.ASCII.GetBytes(md5Hex)));
        Assert.Equal(expected, received.Signature);

        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal("newSubscription", body.GetProperty("activityType").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("activityId").GetString(), out _));
        Assert.Matches(CheddarDatetime(), body.GetProperty("activityDatetime").GetString()!);
        Assert.Equal("DEMOSAAS", body.GetProperty("product").GetProperty("code").GetString());
        Assert.Equal(new CheddarSandboxOptions().ProductId, body.GetProperty("product").GetProperty("id").GetString());
        Assert.Equal("SIGNED_CUSTOMER", body.GetProperty("customer").GetProperty("code").GetString());
        Assert.Equal("v", body.GetProperty("customer").GetProperty("metaData")[0].GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("subscription").GetProperty("canceledDatetime").ValueKind);
    }

    [Fact]
    public void Signature_matches_a_known_vector()
    {
        var body = Encoding.UTF8.GetBytes("""{"activityType":"transaction","activityId":"00000000-0000-0000-0000-000000000001"}""");

        // Computed independently: python3 hashlib.md5 -> hmac.new(secret, md5hex, sha256).hexdigest()
        Assert.Equal("b22cc7d71a9d25de1d1d2afe12cc0ced7c4dfe01311744221882745f8b96b006",
            WebhookSignature.Compute("known-vector-secret", body));
    }

    [Fact]
    public async Task Receiver_failing_twice_gets_the_event_on_the_third_attempt_and_the_log_shows_one_delivered_row()
    {
        await using var sandbox = await StartSandboxAsync("50ms,100ms,200ms");
        using var client = sandbox.CreateClient();
        _receiver.FailNext(2, status: 500);

        await PublishAsync(sandbox, "transaction", "RETRIED");

        var delivery = await WaitForSingleDeliveryAsync(client, "delivered");
        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(200, delivery.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("nextAttemptAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, delivery.GetProperty("deliveredAt").ValueKind);
        var posts = _receiver.Received;
        Assert.Equal([500, 500, 200], posts.Select(p => p.AnsweredStatus));
        Assert.All(posts, p => Assert.Equal(posts[0].Body, p.Body));
        Assert.All(posts, p => Assert.Equal(posts[0].Signature, p.Signature));
    }

    [Fact]
    public async Task Receiver_that_never_succeeds_is_given_up_on_after_the_last_retry_of_the_schedule()
    {
        await using var sandbox = await StartSandboxAsync("150ms,400ms");
        using var client = sandbox.CreateClient();
        _receiver.FailAlways(true, status: 503);

        await PublishAsync(sandbox, "subscriptionCanceled", "NEVER");

        var delivery = await WaitForSingleDeliveryAsync(client, "failed");
        var posts = _receiver.Received;
        Assert.InRange(posts[1].ReceivedAt - posts[0].ReceivedAt, TimeSpan.FromMilliseconds(140), TimeSpan.FromSeconds(5));
        Assert.InRange(posts[2].ReceivedAt - posts[1].ReceivedAt, TimeSpan.FromMilliseconds(390), TimeSpan.FromSeconds(5));
        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(503, delivery.GetProperty("lastStatusCode").GetInt32());
        Assert.Contains("503", delivery.GetProperty("lastError").GetString());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("nextAttemptAt").ValueKind);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Equal(3, _receiver.Received.Count);
    }

    [Fact]
    public async Task Receiver_slower_than_the_timeout_counts_as_a_failed_attempt_and_is_retried()
    {
        await using var sandbox = await StartSandboxAsync("50ms", timeout: "00:00:00.300");
        using var client = sandbox.CreateClient();
        _receiver.SlowNext(1, TimeSpan.FromSeconds(3));

        await PublishAsync(sandbox, "transaction", "SLOW");

        var delivery = await WaitForSingleDeliveryAsync(client, "delivered");
        Assert.Equal(2, delivery.GetProperty("attempts").GetInt32());
        var failed = await client.DeliveriesAsync();
        Assert.Equal(200, failed[0].GetProperty("lastStatusCode").GetInt32());
    }

    [Fact]
    public async Task Redelivery_repeats_the_same_activityId_body_and_signature_as_a_new_log_row()
    {
        await using var sandbox = await StartSandboxAsync("50ms");
        using var client = sandbox.CreateClient();
        await PublishAsync(sandbox, "subscriptionChanged", "AGAIN");
        var first = await WaitForSingleDeliveryAsync(client, "delivered");

        using var response = await client.PostAsync($"/sandbox/webhooks/{first.GetProperty("id").GetInt64()}/redeliver", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var posts = await _receiver.WaitForAsync(2);
        Assert.Equal(posts[0].Body, posts[1].Body);
        Assert.Equal(posts[0].Signature, posts[1].Signature);
        await Eventually.TrueAsync(async () => (await client.DeliveriesAsync()).All(d => d.GetProperty("status").GetString() == "delivered"),
            TimeSpan.FromSeconds(10), "both rows are delivered");
        var rows = await client.DeliveriesAsync();
        Assert.Equal(2, rows.Length);
        Assert.Equal(rows[0].GetProperty("activityId").GetString(), rows[1].GetProperty("activityId").GetString());
        Assert.Equal(rows[0].GetProperty("id").GetInt64(), rows[1].GetProperty("redeliveryOf").GetInt64());
    }

    [Fact]
    public async Task Redelivery_of_an_unknown_delivery_is_404_and_queues_nothing()
    {
        await using var sandbox = await StartSandboxAsync("50ms");
        using var client = sandbox.CreateClient();

        using var response = await client.PostAsync("/sandbox/webhooks/424242/redeliver", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("424242", (await response.ReadJsonAsync()).GetProperty("error").GetString());
        Assert.Empty(await client.DeliveriesAsync());
    }

    [Fact]
    public async Task Pending_deliveries_are_resumed_by_the_next_start_on_the_same_database()
    {
        var directory = Directory.CreateTempSubdirectory("cheddar-sandbox-webhooks-");
        try
        {
            var database = Path.Combine(directory.FullName, "sandbox.db");
            _receiver.FailAlways(true);
            await using (var first = await StartSandboxAsync("2s,2s,2s", database: database))
            {
                using var client = first.CreateClient();
                await PublishAsync(first, "newSubscription", "RESTARTED");
                await Eventually.TrueAsync(async () => (await client.DeliveriesAsync()) is [var d] && d.GetProperty("attempts").GetInt32() == 1,
                    TimeSpan.FromSeconds(10), "the first attempt has failed");
            }
            _receiver.FailAlways(false);

            await using var second = await StartSandboxAsync("2s,2s,2s", database: database);
            using var secondClient = second.CreateClient();

            var delivery = await WaitForSingleDeliveryAsync(secondClient, "delivered");
            Assert.Equal("RESTARTED", JsonDocument.Parse(_receiver.Received[^1].Body).RootElement.GetProperty("customer").GetProperty("code").GetString());
            Assert.Equal(200, _receiver.Received[^1].AnsweredStatus);
            Assert.True(delivery.GetProperty("attempts").GetInt32() >= 2);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Endpoint_registered_at_runtime_receives_events_until_it_is_removed()
    {
        await using var sandbox = await StartSandboxAsync("50ms", configureReceiver: false);
        using var client = sandbox.CreateClient();

        using var added = await client.PostJsonAsync("/sandbox/webhooks/endpoints", $$"""{"url":"{{_receiver.Url}}"}""");
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        using var again = await client.PostJsonAsync("/sandbox/webhooks/endpoints", $$"""{"url":"{{_receiver.Url}}"}""");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var listed = (await client.GetJsonAsync("/sandbox/webhooks/endpoints")).GetProperty("endpoints");
        Assert.Equal(_receiver.Url.AbsoluteUri, Assert.Single(listed.EnumerateArray()).GetProperty("url").GetString());

        await PublishAsync(sandbox, "newSubscription", "RUNTIME");
        await _receiver.WaitForAsync(1);

        using var removed = await client.DeleteAsync($"/sandbox/webhooks/endpoints?url={Uri.EscapeDataString(_receiver.Url.AbsoluteUri)}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        await PublishAsync(sandbox, "customerDeleted", "RUNTIME");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Single(await client.DeliveriesAsync());
        Assert.Single(_receiver.Received);
    }

    [Theory]
    [InlineData("""{"url":"ftp://example.com/hooks"}""")]
    [InlineData("""{"url":"/hooks"}""")]
    [InlineData("""{"url":""}""")]
    [InlineData("""{"uri":"http://127.0.0.1:1/hooks"}""")]
    [InlineData("""{"url":42}""")]
    [InlineData("""not json""")]
    public async Task Endpoint_registration_refuses_anything_but_an_absolute_http_url_and_adds_nothing(string json)
    {
        await using var sandbox = await StartSandboxAsync("50ms", configureReceiver: false);
        using var client = sandbox.CreateClient();

        using var response = await client.PostJsonAsync("/sandbox/webhooks/endpoints", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await response.ReadJsonAsync()).GetProperty("error").GetString()));
        Assert.Empty((await client.GetJsonAsync("/sandbox/webhooks/endpoints")).GetProperty("endpoints").EnumerateArray());
    }

    [Fact]
    public async Task Configured_endpoint_cannot_be_removed_at_runtime()
    {
        await using var sandbox = await StartSandboxAsync("50ms");
        using var client = sandbox.CreateClient();

        using var response = await client.DeleteAsync($"/sandbox/webhooks/endpoints?url={Uri.EscapeDataString(_receiver.Url.AbsoluteUri)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Single((await client.GetJsonAsync("/sandbox/webhooks/endpoints")).GetProperty("endpoints").EnumerateArray());
    }

    [Theory]
    [InlineData("not a url", HttpStatusCode.BadRequest)]
    [InlineData("http://127.0.0.1:1/not-registered", HttpStatusCode.NotFound)]
    public async Task Removing_an_endpoint_that_is_not_a_runtime_url_is_refused(string url, HttpStatusCode expected)
    {
        await using var sandbox = await StartSandboxAsync("50ms");
        using var client = sandbox.CreateClient();

        using var response = await client.DeleteAsync($"/sandbox/webhooks/endpoints?url={Uri.EscapeDataString(url)}", TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await response.ReadJsonAsync()).GetProperty("error").GetString()));
        Assert.Single((await client.GetJsonAsync("/sandbox/webhooks/endpoints")).GetProperty("endpoints").EnumerateArray());
    }

    [Fact]
    public async Task Event_whose_payload_sets_the_activity_fields_is_not_sent_and_does_not_fail_the_caller()
    {
        await using var sandbox = await StartSandboxAsync("50ms");
        using var client = sandbox.CreateClient();
        var publisher = sandbox.Services.GetRequiredService<IWebhookPublisher>();

        await publisher.PublishAsync("transaction", new Dictionary<string, object?> { ["activityId"] = "mine" }, TestContext.Current.CancellationToken);
        await PublishAsync(sandbox, "transaction", "AFTER");

        await WaitForSingleDeliveryAsync(client, "delivered");
        Assert.Equal("AFTER", JsonDocument.Parse(Assert.Single(_receiver.Received).Body).RootElement.GetProperty("customer").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("CheddarSandbox:WebhookUrls:0", "not a url")]
    [InlineData("CheddarSandbox:WebhookUrls:0", "ftp://example.com/hooks")]
    [InlineData("CheddarSandbox:WebhookRetrySchedule", "1m,5 minutes")]
    [InlineData("CheddarSandbox:WebhookRetrySchedule", "-1m")]
    [InlineData("CheddarSandbox:WebhookTimeout", "00:00:00")]
    public async Task Sandbox_refuses_to_start_with_invalid_webhook_settings(string key, string value)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CheddarSandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["CheddarSandbox:DatabasePath"] = ":memory:",
            [key] = value,
        }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(key.Split(':')[1], error.Message);
    }

    [Fact]
    public async Task Publishing_returns_at_once_while_the_receiver_is_slow()
    {
        await using var sandbox = await StartSandboxAsync("50ms");
        _receiver.SlowNext(1, TimeSpan.FromSeconds(2));
        var publisher = sandbox.Services.GetRequiredService<IWebhookPublisher>();

        var started = DateTime.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            await publisher.PublishAsync("transaction", Payload($"FAST_{i}"), TestContext.Current.CancellationToken);
        }

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(1));
        await _receiver.WaitForAsync(5);
    }

    private async Task<CheddarSandboxHost> StartSandboxAsync(string schedule, string? database = null, string timeout = "00:00:10", bool configureReceiver = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["CheddarSandbox:DatabasePath"] = database ?? ":memory:",
            ["CheddarSandbox:WebhookSecret"] = Secret,
            ["CheddarSandbox:WebhookRetrySchedule"] = schedule,
            ["CheddarSandbox:WebhookTimeout"] = timeout,
        };
        if (configureReceiver)
        {
            settings["CheddarSandbox:WebhookUrls:0"] = _receiver.Url.AbsoluteUri;
        }
        return await CheddarSandboxHost.StartAsync(settings, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static Task PublishAsync(CheddarSandboxHost sandbox, string activityType, string customerCode) =>
        sandbox.Services.GetRequiredService<IWebhookPublisher>().PublishAsync(activityType, Payload(customerCode), TestContext.Current.CancellationToken);

    private static Dictionary<string, object?> Payload(string customerCode) => new()
    {
        ["customer"] = new Dictionary<string, object?>
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["code"] = customerCode,
            ["metaData"] = new[] { new { name = "k", value = "v" } },
        },
        ["subscription"] = new Dictionary<string, object?> { ["canceledDatetime"] = null },
    };

    private static async Task<JsonElement> WaitForSingleDeliveryAsync(HttpClient client, string status)
    {
        await Eventually.TrueAsync(async () => (await client.DeliveriesAsync()) is [var d] && d.GetProperty("status").GetString() == status,
            TimeSpan.FromSeconds(15), $"the single delivery is {status}");
        return (await client.DeliveriesAsync())[0];
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")]
    private static partial Regex CheddarDatetime();
}
