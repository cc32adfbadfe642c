using System.Net;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.MultiInstance.Tests.Infrastructure;
using DemoSaaS.Web.Features.Billing;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.MultiInstance.Tests.Billing;

/// <summary>
/// A change heard from another instance orders snapshots exactly as a local webhook does: a customers/get that one
/// instance started before a cancel, and whose answer lands after the cancel's webhook reached ANOTHER instance, must
/// not let the canceled user in again (the single-instance case is the Web tests' SnapshotOrderingTests).
/// </summary>
public sealed class SnapshotOrderingAcrossInstancesTests(MultiInstanceFixture fixture) : IClassFixture<MultiInstanceFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_read_started_on_C_before_a_cancel_and_landing_after_the_webhook_to_A_does_not_let_the_user_in_on_C()
    {
        await fixture.DeliverWebhooksToAsync();
        var network = new HeldCheddarAnswers();
        var c = await fixture.StartInstanceAsync("C", testServices: network.Register);
        var customer = await NewProCustomerAsync();
        var hold = network.Next("customers/get", customer);

        var duringRace = Task.Run(() => CheckAsync(c, customer), Cancel);
        await hold.Arrived.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        // Canceled straight at Cheddar; the app learns it only from the webhook, delivered to A.
        await fixture.Cheddar.CancelAsync(customer, Cancel);
        var (status, receipt) = await SignedWebhook.Canceled(customer, "PRO").PostAsync(fixture.A, fixture.WebhookSecret);
        Assert.True(status == HttpStatusCode.OK && receipt == "applied", $"A answered {(int)status}: {receipt}");
        // B hears the same notification C does (PostgreSQL sends it to every listener at A's commit): once B's gate has
        // re-read Cheddar, C has had it too; the pause is slack for a loaded machine.
        await Eventually.TrueAsync(async () => (await CheckAsync(fixture.B, customer)).DenialReason == AccessDenialReason.Canceled,
            TimeSpan.FromSeconds(5), "B's gate sees the cancel");
        await Task.Delay(TimeSpan.FromMilliseconds(300), Cancel);
        hold.Release();
        var landed = await duringRace;
        var next = await CheckAsync(c, customer);

        Assert.Equal(AccessDenialReason.Canceled, next.DenialReason);
        Assert.Equal(AccessDenialReason.Canceled, landed.DenialReason);
    }

    private static Task<AccessDecision> CheckAsync(AppInstance instance, string customer) =>
        instance.Services.GetRequiredService<IFeatureAccess>().CheckAsync(customer, MeteredFeature.Reports, Cancel);

    private async Task<string> NewProCustomerAsync()
    {
        var code = Guid.NewGuid().ToString();
        await fixture.Cheddar.CreateAsync(new NewCustomerRequest
        {
            Code = code,
            FirstName = "Ada",
            LastName = "Lovelace",
            Email = $"{code}@example.com",
            Subscription = new NewSubscriptionRequest
            {
                PlanCode = "PRO",
                Card = new PaymentCard { Number = AccountJourney.TestCard, ExpirationMonth = 12, ExpirationYear = DateTime.UtcNow.Year + 3, CardCode = "123" },
                CardHolder = new CardHolder { FirstName = "Ada", LastName = "Lovelace", Zip = "12345" },
            },
        }, Cancel);
        return code;
    }
}
