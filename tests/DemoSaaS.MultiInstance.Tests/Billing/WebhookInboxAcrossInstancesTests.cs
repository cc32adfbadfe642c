using System.Net;
using DemoSaaS.MultiInstance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.MultiInstance.Tests.Billing;

/// <summary>
/// The webhook inbox shared by every instance: one event delivered many times to several instances at once is stored
/// once and applied once — one "applied" answer, one row, one invalidation sent to the instances.
/// </summary>
public sealed class WebhookInboxAcrossInstancesTests(MultiInstanceFixture fixture) : IClassFixture<MultiInstanceFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_same_webhook_posted_5_times_to_each_instance_at_once_is_stored_once_and_applied_once()
    {
        await fixture.DeliverWebhooksToAsync();
        await using var tap = await BillingChangeTap.StartAsync(fixture.ConnectionString);
        var customer = Guid.NewGuid().ToString();
        var webhook = SignedWebhook.PlanChanged(customer, "PRO", "TEAM");

        var answers = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(i => Task.Run(() => webhook.PostAsync(i % 2 == 0 ? fixture.A : fixture.B, fixture.WebhookSecret), Cancel)));
        // Every notification of a committed transaction has been sent by now; give the tap time to read them.
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, $"{(int)a.Status}: {a.Receipt}"));
        Assert.Equal(1, answers.Count(a => a.Receipt == "applied"));
        Assert.Equal(9, answers.Count(a => a.Receipt == "duplicate"));
        Assert.Equal(1, await fixture.A.WithDbAsync(db => db.BillingEvents.CountAsync(e => e.ActivityId == webhook.ActivityId, Cancel)));
        Assert.Single(tap.For(customer));
    }
}
