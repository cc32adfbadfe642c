using System.Net;
using System.Text;
using System.Text.Json;
using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Webhooks;
using DemoSaaS.Web.Features.Billing.Webhooks;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Features.Billing;

/// <summary>POST /webhooks/cheddar over real HTTP: signed by the sandbox's secret, stored once, applied.</summary>
public sealed class CheddarWebhookTests : IAsyncLifetime
{
    private BillingAppFactory _app = default!;

    /// <summary>The key the running app verifies with: its embedded sandbox's, generated for this run.</summary>
    private string Secret => _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CheddarOptions>>().Value.WebhookSecret!;

    public async ValueTask InitializeAsync() => _app = await new BillingAppFactory().StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_signed_event_is_stored_once_and_a_redelivery_is_a_no_op()
    {
        var body = EventBody("subscriptionCanceled", customerCode: "cust-" + Guid.NewGuid());

        using var first = await PostAsync(body, Sign(body));
        using var again = await PostAsync(body, Sign(body));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("\"applied\"", await first.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("\"duplicate\"", await again.Content.ReadAsStringAsync(Cancel));
        var id = JsonDocument.Parse(body).RootElement.GetProperty("activityId").GetString();
        Assert.Equal(1, await _app.WithDbAsync(db => db.BillingEvents.CountAsync(e => e.ActivityId == id, Cancel)));
    }

    [Fact]
    public async Task Concurrent_redeliveries_store_the_event_once()
    {
        var body = EventBody("transaction", customerCode: "cust-" + Guid.NewGuid());
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(body, Sign(body))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var id = JsonDocument.Parse(body).RootElement.GetProperty("activityId").GetString();
        Assert.Equal(1, await _app.WithDbAsync(db => db.BillingEvents.CountAsync(e => e.ActivityId == id, Cancel)));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("not-a-signature")]
    public async Task A_missing_or_wrong_signature_is_refused_with_401_and_nothing_is_stored(string? signature)
    {
        var body = EventBody("subscriptionCanceled", customerCode: "cust-" + Guid.NewGuid());

        using var response = await PostAsync(body, signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("activityId").GetString();
        Assert.False(await _app.WithDbAsync(db => db.BillingEvents.AnyAsync(e => e.ActivityId == id, Cancel)));
    }

    [Fact]
    public async Task A_body_signed_with_the_sandbox_secret_published_in_earlier_versions_is_refused()
    {
        // Until issue 15 every sandbox signed with this constant from the source, so anyone could sign a webhook.
        var body = EventBody("subscriptionCanceled", customerCode: "cust-" + Guid.NewGuid());

        using var response = await PostAsync(body, CheddarWebhookVerifier.Sign(Encoding.UTF8.GetBytes(body), "sandbox-webhook-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual("sandbox-webhook-secret", Secret);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("activityId").GetString();
        Assert.False(await _app.WithDbAsync(db => db.BillingEvents.AnyAsync(e => e.ActivityId == id, Cancel)));
    }

    [Fact]
    public async Task A_body_signed_with_another_secret_is_refused()
    {
        var body = EventBody("subscriptionCanceled", customerCode: "cust-" + Guid.NewGuid());

        using var response = await PostAsync(body, CheddarWebhookVerifier.Sign(Encoding.UTF8.GetBytes(body), "someone-elses-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused_with_413()
    {
        var body = "{\"activityType\":\"transaction\",\"padding\":\"" + new string('x', 300 * 1024) + "\"}";

        using var response = await PostAsync(body, Sign(body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"activityId\":\"x\"}")]
    [InlineData("{\"activityType\":\"customerExploded\",\"activityId\":\"a1\",\"customer\":{\"code\":\"c\"}}")]
    [InlineData("{\"activityType\":\"subscriptionCanceled\",\"customer\":{\"code\":\"c\"}}")]
    public async Task Malformed_unknown_or_unidentifiable_events_are_refused_with_400(string body)
    {
        var before = await _app.WithDbAsync(db => db.BillingEvents.CountAsync(Cancel));

        using var response = await PostAsync(body, Sign(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await _app.WithDbAsync(db => db.BillingEvents.CountAsync(Cancel)));
    }

    [Fact]
    public async Task Events_the_sandbox_delivers_are_stored_and_a_sandbox_redelivery_changes_nothing()
    {
        var user = await _app.NewCustomerAsync("PRO");
        await _app.Services.GetRequiredService<ICheddarCustomers>().CancelAsync(user, Cancel);

        await Eventually.TrueAsync(() => _app.WithDbAsync(async db =>
                await db.BillingEvents.AnyAsync(e => e.CustomerCode == user && e.ActivityType == "subscriptionCanceled", Cancel)
                && await db.BillingEvents.AnyAsync(e => e.CustomerCode == user && e.ActivityType == "newSubscription", Cancel)),
            TimeSpan.FromSeconds(10), "the signup and cancel events arrived");
        using var sandbox = _app.CreateSandboxClient();
        var deliveries = JsonDocument.Parse(await sandbox.GetStringAsync("/sandbox/webhooks", Cancel)).RootElement.GetProperty("deliveries").EnumerateArray().ToList();
        var cancelDelivery = deliveries.Last(d => d.GetProperty("activityType").GetString() == "subscriptionCanceled");
        using var redeliver = await sandbox.PostAsync($"/sandbox/webhooks/{cancelDelivery.GetProperty("id").GetInt64()}/redeliver", null, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        await Eventually.TrueAsync(async () => JsonDocument.Parse(await sandbox.GetStringAsync("/sandbox/webhooks", Cancel)).RootElement.GetProperty("deliveries")
                .EnumerateArray().Count(d => d.GetProperty("status").GetString() == "delivered" && d.GetProperty("activityType").GetString() == "subscriptionCanceled") >= 2,
            TimeSpan.FromSeconds(10), "the redelivery was answered 2xx");

        var events = await _app.Services.CreateScope().ServiceProvider.GetRequiredService<BillingEventStore>().RecentAsync(user, cancellationToken: Cancel);
        Assert.Single(events, e => e.ActivityType == "subscriptionCanceled");
        Assert.Contains(events, e => e.ActivityType == "newSubscription");
        Assert.StartsWith("Subscription canceled", events.First(e => e.ActivityType == "subscriptionCanceled").Summary);
    }

    private async Task<HttpResponseMessage> PostAsync(string body, string? signature)
    {
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/cheddar")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(CheddarWebhookVerifier.SignatureHeader, signature);
        }
        return await client.SendAsync(request, Cancel);
    }

    private string Sign(string body) => CheddarWebhookVerifier.Sign(Encoding.UTF8.GetBytes(body), Secret);

    private static string EventBody(string activityType, string customerCode) => JsonSerializer.Serialize(new
    {
        activityType,
        activityId = Guid.NewGuid().ToString(),
        activityDatetime = "2026-11-26T18:00:00+00:00",
        product = new { id = "6d3c1f0e-2b7a-4e8c-9f51-0a4d2e6b7c10", code = "DEMOSAAS" },
        customer = new { id = Guid.NewGuid().ToString(), code = customerCode, firstName = "A", lastName = "B", email = "a@example.com", metaData = Array.Empty<object>() },
        subscription = new
        {
            id = Guid.NewGuid().ToString(),
            plan = new { id = Guid.NewGuid().ToString(), code = "PRO", name = "Pro", recurringChargeAmount = "19.00" },
            canceledDatetime = "2026-11-26T18:00:00+00:00",
            cancelType = "customer",
            cancelReason = (string?)null,
            invoice = new
            {
                id = Guid.NewGuid().ToString(),
                number = 3,
                type = "subscription",
                charges = Array.Empty<object>(),
                transaction = new { id = Guid.NewGuid().ToString(), amount = "19.00", response = "approved" },
            },
        },
    });
}
