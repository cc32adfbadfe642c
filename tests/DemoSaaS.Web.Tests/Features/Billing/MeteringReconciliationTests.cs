using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Features.Billing.Metering;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace DemoSaaS.Web.Tests.Features.Billing;

/// <summary>
/// Unknown outcomes are decided from the ledger of delivered units per usage period (ADR 0008): plan changes made
/// elsewhere carry the usage over, Cheddar's quantity is never lowered, refusals other than "customer not found" keep
/// the uses counted, uses that reach Cheddar after a cancel are forgiven by rule, and nothing is read before the settle time.
/// </summary>
public sealed class MeteringReconciliationTests : IAsyncLifetime
{
    private readonly LateApplyHandler.Fault _lateAdd = new() { Action = "add-item-quantity", Delay = TimeSpan.FromSeconds(1.5) };
    private BillingAppFactory _app = default!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _app = await new BillingAppFactory(
        new Dictionary<string, string?> { ["Billing:RelaySettleTime"] = "00:00:03" },
        testServices: services => services.ConfigureAll<HttpClientFactoryOptions>(options =>
            options.HttpMessageHandlerBuilderActions.Add(handlers => handlers.AdditionalHandlers.Add(new LateApplyHandler(_lateAdd))))).StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private ICheddarCustomers Customers => _app.Services.GetRequiredService<ICheddarCustomers>();

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public async Task An_applied_report_whose_answer_was_lost_while_the_plan_changed_elsewhere_is_counted_once_and_nothing_is_lowered(int more)
    {
        var user = await _app.NewCustomerAsync("PRO");
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 10);
        await Eventually.TrueAsync(() => AllAsync(user, UsageState.Delivered), TimeSpan.FromSeconds(20), "the first 10 reports are delivered");
        Assert.Equal(10, await _app.QuantityAsync(user, "REPORTS"));

        // Cheddar applies the next add but its answer is lost, and customers/get fails a few times.
        await _app.AddFaultAsync("{\"path\":\"customers/add-item-quantity\",\"kind\":\"applyThenFail\",\"status\":500,\"count\":1}");
        await _app.AddFaultAsync("{\"path\":\"customers/get\",\"kind\":\"status\",\"status\":503,\"count\":3}");
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, more);
        await Eventually.TrueAsync(() => _app.WithDbAsync(db => db.UsageBatches.AnyAsync(b => b.CustomerCode == user && b.State == UsageBatchState.OutcomeUnknown, Cancel)),
            TimeSpan.FromSeconds(10), "a batch's outcome is unknown");
        // Meanwhile an admin moves the customer to TEAM in Cheddar itself: a new subscription that carries the usage over.
        var changed = await Customers.EditSubscriptionAsync(user, new EditSubscriptionRequest
        {
            PlanCode = "TEAM",
            Card = new PaymentCard { Number = CheddarTestData.TestCard, ExpirationMonth = 12, ExpirationYear = DateTime.UtcNow.Year + 3, CardCode = "123" },
            CardHolder = new CardHolder { FirstName = "Test", LastName = "User", Zip = "12345" },
        }, Cancel);
        Assert.Equal("TEAM", changed.CurrentSubscription!.Plan.Code);
        Assert.True(changed.CurrentSubscription.FindUsage("REPORTS")!.Used >= 10, "the sandbox carried the usage over");

        await Eventually.TrueAsync(() => AllAsync(user, UsageState.Delivered), TimeSpan.FromSeconds(30), "every report is delivered");
        Assert.Equal(10 + more, await _app.QuantityAsync(user, "REPORTS"));
        Assert.Equal(0, _app.CheddarCalls.Count("customers/set-item-quantity"));
        Assert.Equal(0, _app.CheddarCalls.Count("customers/remove-item-quantity"));
        await Task.Delay(1500, Cancel);
        Assert.Equal(10 + more, await _app.QuantityAsync(user, "REPORTS"));
    }

    [Fact]
    public async Task An_outcome_the_ledger_cannot_explain_is_parked_with_its_reason_and_other_customers_go_on()
    {
        var user = await _app.NewCustomerAsync("PRO");
        var other = await _app.NewCustomerAsync("PRO");
        await _app.AddFaultAsync("{\"path\":\"customers/add-item-quantity\",\"kind\":\"applyThenFail\",\"status\":500,\"count\":1}");
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 1);
        await Eventually.TrueAsync(() => _app.WithDbAsync(db => db.UsageBatches.AnyAsync(b => b.CustomerCode == user && b.State == UsageBatchState.OutcomeUnknown, Cancel)),
            TimeSpan.FromSeconds(10), "the batch's outcome is unknown");
        // Someone else adds 7 in Cheddar while the outcome is open: 8 is neither "not applied" (0) nor "applied once" (1).
        await _app.Services.GetRequiredService<ICheddarTrackedItems>().AddQuantityAsync(user, "REPORTS", 7, Cancel);
        await _app.RecordUsesConcurrentlyAsync(other, MeteredFeature.Reports, 2);

        await Eventually.TrueAsync(() => _app.WithDbAsync(db => db.UsageBatches.AnyAsync(b => b.CustomerCode == user && b.State == UsageBatchState.Parked, Cancel)),
            TimeSpan.FromSeconds(15), "the batch is parked");
        var batch = await _app.WithDbAsync(db => db.UsageBatches.SingleAsync(b => b.CustomerCode == user, Cancel));
        Assert.Contains("Cheddar shows 8", batch.Reason);
        Assert.Equal(8, await _app.QuantityAsync(user, "REPORTS"));
        Assert.True(await AllAsync(user, UsageState.Parked));
        // Parked uses are not free: gating still counts them on top of Cheddar's quantity.
        Assert.Equal(9, (await _app.Services.GetRequiredService<IFeatureAccess>().CheckAsync(user, MeteredFeature.Reports, Cancel)).Used);
        await Eventually.TrueAsync(() => AllAsync(other, UsageState.Delivered), TimeSpan.FromSeconds(10), "the other customer's uses are delivered");
        Assert.Equal(2, await _app.QuantityAsync(other, "REPORTS"));

        // The parked batch waits for an operator; this customer's later uses are still metered.
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 2);
        await Eventually.TrueAsync(async () => await _app.WithDbAsync(db => db.UsageOutbox.CountAsync(u => u.CustomerCode == user && u.State == UsageState.Delivered, Cancel)) == 2,
            TimeSpan.FromSeconds(10), "the later uses are delivered");
        Assert.Equal(10, await _app.QuantityAsync(user, "REPORTS"));
        Assert.Equal(UsageBatchState.Parked, (await _app.WithDbAsync(db => db.UsageBatches.SingleAsync(b => b.Id == batch.Id, Cancel))).State);
        Assert.Equal(11, (await _app.Services.GetRequiredService<IFeatureAccess>().CheckAsync(user, MeteredFeature.Reports, Cancel)).Used);
    }

    [Fact]
    public async Task An_add_Cheddar_applies_after_our_side_gave_up_is_not_sent_again_before_the_settle_time()
    {
        var user = await _app.NewCustomerAsync("PRO");
        Interlocked.Exchange(ref _lateAdd.Remaining, 1);

        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Exports, 4);

        await Eventually.TrueAsync(() => AllAsync(user, UsageState.Delivered), TimeSpan.FromSeconds(30), "every use is delivered");
        var late = LateAdds();
        Assert.NotEmpty(late);
        await Task.WhenAll(late);
        Assert.Equal(4, await _app.QuantityAsync(user, "EXPORTS"));
    }

    [Fact]
    public async Task An_add_Cheddar_applies_after_a_renewal_is_counted_in_the_new_period()
    {
        var user = await _app.NewCustomerAsync("TEAM");
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 3);
        await Eventually.TrueAsync(() => AllAsync(user, UsageState.Delivered), TimeSpan.FromSeconds(20), "the first uses are delivered");
        Interlocked.Exchange(ref _lateAdd.Remaining, 1);

        // The next add is lost on its way and reaches Cheddar only after the period closed (renewal: REPORTS back to 0).
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 2);
        await Eventually.TrueAsync(() => Task.FromResult(LateAdds().Length == 1), TimeSpan.FromSeconds(10), "the add is on its way");
        await AdvanceSandboxClockAsync(days: 32);
        await Task.WhenAll(LateAdds());

        await Eventually.TrueAsync(() => AllAsync(user, UsageState.Delivered), TimeSpan.FromSeconds(20), "the uses are delivered");
        Assert.Equal(2, await _app.QuantityAsync(user, "REPORTS"));
        var ledger = await _app.WithDbAsync(db => db.MeteringLedgers.SingleAsync(l => l.CustomerCode == user && l.ItemCode == "REPORTS", Cancel));
        Assert.Equal((0m, 2m), (ledger.OpeningQuantity, ledger.DeliveredInPeriod));
    }

    [Fact]
    public async Task An_add_whose_outcome_is_unknown_across_a_renewal_is_parked_not_sent_again()
    {
        var user = await _app.NewCustomerAsync("TEAM");
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 3);
        await Eventually.TrueAsync(() => AllAsync(user, UsageState.Delivered), TimeSpan.FromSeconds(20), "the first uses are delivered");

        // Applied in the period that then closes: Cheddar shows 0 afterwards, exactly as if it had never been applied.
        await _app.AddFaultAsync("{\"path\":\"customers/add-item-quantity\",\"kind\":\"applyThenFail\",\"status\":500,\"count\":1}");
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 2);
        await Eventually.TrueAsync(() => _app.WithDbAsync(db => db.UsageBatches.AnyAsync(b => b.CustomerCode == user && b.State == UsageBatchState.OutcomeUnknown, Cancel)),
            TimeSpan.FromSeconds(10), "the batch's outcome is unknown");
        await AdvanceSandboxClockAsync(days: 32);

        await Eventually.TrueAsync(() => _app.WithDbAsync(db => db.UsageBatches.AnyAsync(b => b.CustomerCode == user && b.State == UsageBatchState.Parked, Cancel)),
            TimeSpan.FromSeconds(15), "the batch is parked");
        var batch = await _app.WithDbAsync(db => db.UsageBatches.SingleAsync(b => b.CustomerCode == user && b.State == UsageBatchState.Parked, Cancel));
        Assert.Contains("restarted", batch.Reason);
        Assert.Equal(2, await _app.WithDbAsync(db => db.UsageOutbox.CountAsync(u => u.CustomerCode == user && u.State == UsageState.Parked, Cancel)));
        Assert.Equal(0, await _app.QuantityAsync(user, "REPORTS"));
    }

    [Theory]
    [InlineData("{\"path\":\"customers/add-item-quantity\",\"kind\":\"status\",\"status\":404,\"message\":\"Item not found (code=REPORTS)\",\"count\":1}")]
    [InlineData("{\"path\":\"customers/add-item-quantity\",\"kind\":\"status\",\"status\":412,\"message\":\"A value is required: quantity\",\"count\":1}")]
    [InlineData("{\"path\":\"customers/add-item-quantity\",\"kind\":\"status\",\"status\":422,\"count\":1}")]
    public async Task A_refusal_other_than_customer_not_found_parks_the_batch_and_keeps_every_use_counted(string fault)
    {
        var user = await _app.NewCustomerAsync("PRO");
        await _app.AddFaultAsync(fault);

        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 3);
        await Eventually.TrueAsync(() => _app.WithDbAsync(db => db.UsageBatches.AnyAsync(b => b.CustomerCode == user && b.State == UsageBatchState.Parked, Cancel)),
            TimeSpan.FromSeconds(10), "the refused batch is parked");
        // Later uses are metered as usual.
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 2);
        await Eventually.TrueAsync(async () => await _app.WithDbAsync(db => db.UsageOutbox.CountAsync(u => u.CustomerCode == user && u.State == UsageState.Delivered, Cancel)) == 2,
            TimeSpan.FromSeconds(10), "the later uses are delivered");

        Assert.Equal(3, await _app.WithDbAsync(db => db.UsageOutbox.CountAsync(u => u.CustomerCode == user && u.State == UsageState.Parked, Cancel)));
        Assert.False(await _app.WithDbAsync(db => db.UsageOutbox.AnyAsync(u => u.CustomerCode == user && (u.State == UsageState.Rejected || u.State == UsageState.Forgiven), Cancel)));
        Assert.Equal(2, await _app.QuantityAsync(user, "REPORTS"));
        // Cheddar's 2 plus the 3 parked uses, which are not free.
        Assert.Equal(5, (await _app.Services.GetRequiredService<IFeatureAccess>().CheckAsync(user, MeteredFeature.Reports, Cancel)).Used);
    }

    [Fact]
    public async Task Uses_of_a_customer_Cheddar_no_longer_has_are_rejected()
    {
        var user = await _app.NewCustomerAsync("PRO");
        await Customers.DeleteAsync(user, Cancel);

        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 2);

        await Eventually.TrueAsync(() => AllAsync(user, UsageState.Rejected), TimeSpan.FromSeconds(10), "the uses are rejected");
        var row = await _app.WithDbAsync(db => db.UsageOutbox.FirstAsync(u => u.CustomerCode == user, Cancel));
        Assert.Equal(CheddarException.CustomerNotFoundMessage, row.Reason);
    }

    [Fact]
    public async Task Uses_that_reach_Cheddar_after_a_cancel_are_forgiven_by_rule_and_not_retried()
    {
        var user = await _app.NewCustomerAsync("PRO");
        // Recorded just before the cancel; the relay gets to them after it.
        await Customers.CancelAsync(user, Cancel);
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 2);

        await Eventually.TrueAsync(() => AllAsync(user, UsageState.Forgiven), TimeSpan.FromSeconds(10), "the uses are forgiven");
        var row = await _app.WithDbAsync(db => db.UsageOutbox.FirstAsync(u => u.CustomerCode == user, Cancel));
        Assert.Contains("canceled", row.Reason);
        Assert.Equal(UsageBatchState.Forgiven, (await _app.WithDbAsync(db => db.UsageBatches.SingleAsync(b => b.CustomerCode == user, Cancel))).State);
        var adds = _app.CheddarCalls.Count("customers/add-item-quantity");
        await Task.Delay(2000, Cancel);
        Assert.Equal(adds, _app.CheddarCalls.Count("customers/add-item-quantity"));
    }

    [Fact]
    public async Task A_batch_with_an_unknown_outcome_across_a_cancel_is_forgiven_when_Cheddar_never_counted_it()
    {
        var user = await _app.NewCustomerAsync("PRO");
        await _app.AddFaultAsync("{\"path\":\"customers/add-item-quantity\",\"kind\":\"status\",\"status\":503,\"count\":1}");
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 2);
        await Eventually.TrueAsync(() => _app.WithDbAsync(db => db.UsageBatches.AnyAsync(b => b.CustomerCode == user && b.State == UsageBatchState.OutcomeUnknown, Cancel)),
            TimeSpan.FromSeconds(10), "the batch's outcome is unknown");
        await Customers.CancelAsync(user, Cancel);

        await Eventually.TrueAsync(() => AllAsync(user, UsageState.Forgiven), TimeSpan.FromSeconds(15), "the uses are forgiven");
        Assert.Equal(0, await _app.QuantityAsync(user, "REPORTS"));
    }

    private Task[] LateAdds()
    {
        lock (_lateAdd.Applied)
        {
            return [.. _lateAdd.Applied];
        }
    }

    private async Task AdvanceSandboxClockAsync(int days)
    {
        using var sandbox = _app.CreateSandboxClient();
        using var response = await sandbox.PostAsync("/sandbox/clock/advance",
            new StringContent($"{{\"days\":{days}}}", System.Text.Encoding.UTF8, "application/json"), Cancel);
        response.EnsureSuccessStatusCode();
    }

    private Task<bool> AllAsync(string user, UsageState state) =>
        _app.WithDbAsync(async db => await db.UsageOutbox.CountAsync(u => u.CustomerCode == user, Cancel) > 0
            && !await db.UsageOutbox.AnyAsync(u => u.CustomerCode == user && u.State != state, Cancel));
}
