using System.Net;
using System.Text;
using System.Text.Json;
using DemoSaaS.Cheddar.Webhooks;

namespace DemoSaaS.MultiInstance.Tests.Infrastructure;

/// <summary>A Cheddar webhook as the sandbox would send it, signed with the fixture's secret and posted to one instance.</summary>
public sealed class SignedWebhook
{
    private SignedWebhook(string activityId, string body)
    {
        ActivityId = activityId;
        Body = body;
    }

    public string ActivityId { get; }

    public string Body { get; }

    /// <summary>A subscriptionChanged event for <paramref name="customerCode"/> with a fresh activity id.</summary>
    public static SignedWebhook PlanChanged(string customerCode, string fromPlan, string toPlan)
    {
        var activityId = Guid.NewGuid().ToString();
        return new SignedWebhook(activityId, JsonSerializer.Serialize(new
        {
            activityType = "subscriptionChanged",
            activityId,
            activityDatetime = DateTimeOffset.UtcNow.ToString("O"),
            product = new { code = MultiInstanceFixture.CheddarProductCode },
            customer = new { code = customerCode, firstName = "Ada", lastName = "Lovelace", email = $"{customerCode}@example.com" },
            subscription = new { plan = new { code = toPlan, name = toPlan } },
            previousSubscription = new { plan = new { code = fromPlan, name = fromPlan } },
        }));
    }

    /// <summary>A subscriptionCanceled event for <paramref name="customerCode"/> with a fresh activity id.</summary>
    public static SignedWebhook Canceled(string customerCode, string plan)
    {
        var activityId = Guid.NewGuid().ToString();
        return new SignedWebhook(activityId, JsonSerializer.Serialize(new
        {
            activityType = "subscriptionCanceled",
            activityId,
            activityDatetime = DateTimeOffset.UtcNow.ToString("O"),
            product = new { code = MultiInstanceFixture.CheddarProductCode },
            customer = new { code = customerCode, firstName = "Ada", lastName = "Lovelace", email = $"{customerCode}@example.com" },
            subscription = new { plan = new { code = plan, name = plan }, canceledDatetime = DateTimeOffset.UtcNow.ToString("O"), cancelType = "customer" },
        }));
    }

    /// <summary>Posts the event to <paramref name="instance"/>'s webhook endpoint over HTTP; returns the status and "applied"/"duplicate".</summary>
    public async Task<(HttpStatusCode Status, string? Receipt)> PostAsync(AppInstance instance, string secret)
    {
        using var client = instance.CreateBrowserClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/cheddar")
        {
            Content = new StringContent(Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(CheddarWebhookVerifier.SignatureHeader, CheddarWebhookVerifier.Sign(Encoding.UTF8.GetBytes(Body), secret));
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var receipt = response.IsSuccessStatusCode ? JsonDocument.Parse(text).RootElement.GetProperty("status").GetString() : text;
        return (response.StatusCode, receipt);
    }
}
