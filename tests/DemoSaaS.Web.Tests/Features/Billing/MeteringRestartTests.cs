using DemoSaaS.Web.Features.Billing.Metering;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.Web.Tests.Features.Billing;

/// <summary>The outbox survives the app stopping mid-delivery: the next instance settles the batch exactly once.</summary>
public sealed class MeteringRestartTests
{
    [Theory]
    [InlineData("{\"path\":\"customers/add-item-quantity\",\"kind\":\"applyThenFail\",\"drop\":true,\"count\":1}", "applied before the stop")]
    [InlineData("{\"path\":\"customers/add-item-quantity\",\"kind\":\"hang\",\"count\":1}", "never applied")]
    public async Task Uses_in_flight_when_the_app_stops_are_counted_exactly_once_after_a_restart(string fault, string _)
    {
        var appDatabase = BillingAppFactory.NewDatabasePath();
        var sandboxDatabase = BillingAppFactory.NewDatabasePath();
        var settings = new Dictionary<string, string?>
        {
            ["CheddarSandbox:DatabasePath"] = sandboxDatabase,
            // The first instance must not settle the batch itself before it stops.
            ["Billing:RelayInitialBackoff"] = "00:10:00",
            ["Billing:RelayMaxBackoff"] = "00:10:00",
        };
        try
        {
            string user;
            await using (var first = await new BillingAppFactory(settings, appDatabase).StartAsync())
            {
                user = await first.NewCustomerAsync("PRO");
                await first.AddFaultAsync(fault);
                await first.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 7);
                await Eventually.TrueAsync(() => first.WithDbAsync(db => db.MeteringLedgers.AnyAsync(l => l.CustomerCode == user && l.InFlightBatchId != null, TestContext.Current.CancellationToken)),
                    TimeSpan.FromSeconds(10), "a batch is in flight");
                await Task.Delay(300, TestContext.Current.CancellationToken);
            }

            settings.Remove("Billing:RelayInitialBackoff");
            settings.Remove("Billing:RelayMaxBackoff");
            await using var second = await new BillingAppFactory(settings, appDatabase).StartAsync();
            await Eventually.TrueAsync(() => second.WithDbAsync(db => db.UsageOutbox.AllAsync(u => u.State == UsageState.Delivered, TestContext.Current.CancellationToken)),
                TimeSpan.FromSeconds(20), "the restarted app delivered every use");
            Assert.Equal(7, await second.QuantityAsync(user, "REPORTS"));
        }
        finally
        {
            BillingAppFactory.DeleteDatabase(appDatabase);
            BillingAppFactory.DeleteDatabase(sandboxDatabase);
        }
    }
}
