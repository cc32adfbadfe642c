using DemoSaaS.MultiInstance.Tests.Infrastructure;
using DemoSaaS.Web.Features.Billing.Metering;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.MultiInstance.Tests.Metering;

/// <summary>
/// Issue 14: the usage relay runs on every instance, and each customer's uses reach Cheddar exactly once, whichever
/// instance recorded them and whichever relay sends them.
/// </summary>
public sealed class RelayOnEveryInstanceTests(RelayFixture fixture) : IClassFixture<RelayFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Uses_of_50_users_spread_over_two_instances_reach_Cheddar_exactly_once()
    {
        var users = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => fixture.NewCustomerAsync("PRO")));

        // Ten rounds: in each, every user makes two uses at once, one on each instance, so both relays are woken together
        // and find the same customers' uses waiting; then a pause, as between bursts of page views.
        var accepted = new int[users.Length];
        for (var round = 0; round < 10; round++)
        {
            await Task.WhenAll(users.Select((user, i) => Task.Run(async () =>
            {
                var both = await Task.WhenAll(fixture.A.UseReportAsync(user, Cancel), fixture.B.UseReportAsync(user, Cancel));
                Interlocked.Add(ref accepted[i], both.Count(ok => ok));
            }, Cancel)));
            await Task.Delay(TimeSpan.FromMilliseconds(300), Cancel);
        }
        Assert.All(accepted, count => Assert.Equal(20, count));

        await Eventually.TrueAsync(async () => await fixture.UnsettledAsync(users) == 0, TimeSpan.FromSeconds(90), "every use is settled");
        // Nothing more is sent afterwards by either relay.
        await Task.Delay(TimeSpan.FromSeconds(2), Cancel);

        var delivered = await fixture.A.WithDbAsync(db => db.UsageOutbox
            .Where(u => users.Contains(u.CustomerCode) && u.State == UsageState.Delivered)
            .GroupBy(u => u.CustomerCode).Select(g => new { Customer = g.Key, Count = g.Count() })
            .ToListAsync(Cancel));
        var wrong = new List<string>();
        foreach (var user in users)
        {
            var cheddar = await fixture.QuantityAsync(user, "REPORTS");
            var ours = delivered.SingleOrDefault(d => d.Customer == user)?.Count ?? 0;
            if (cheddar != 20 || ours != 20)
            {
                wrong.Add($"{user}: Cheddar counts {cheddar}, the database {ours} delivered");
            }
        }
        Assert.True(wrong.Count == 0,
            $"{wrong.Count} of 50 customers' totals differ from the 20 uses each made (lost or counted twice):\n{string.Join('\n', wrong)}");
        var undecided = await fixture.A.WithDbAsync(db => db.UsageBatches
            .Where(b => users.Contains(b.CustomerCode) && b.State != UsageBatchState.Delivered)
            .Select(b => $"{b.CustomerCode} {b.Quantity} {b.State}: {b.Reason}").ToListAsync(Cancel));
        Assert.Empty(undecided);
    }
}
