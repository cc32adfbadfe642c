using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Features.Billing.Metering;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Features.Billing;

/// <summary>
/// Gating counts uses not yet at Cheddar (ADR 0002 rule 7) and reuses that count between page views until the outbox
/// changes: every way the app writes the outbox must show in the very next decision, exactly once.
/// </summary>
public sealed class PendingUseGatingTests : IAsyncLifetime
{
    private BillingAppFactory _app = default!;

    public async ValueTask InitializeAsync() => _app = await new BillingAppFactory(new Dictionary<string, string?>
    {
        ["Billing:SnapshotTtl"] = "00:10:00",
    }).StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private IFeatureAccess Access => _app.Services.GetRequiredService<IFeatureAccess>();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_use_counts_in_the_next_decision_and_once_after_delivery()
    {
        var user = await _app.NewCustomerAsync("PRO");
        // Cheddar does not answer the first delivery for a while, so the uses stay pending through the first checks.
        await _app.AddFaultAsync("{\"path\":\"customers/add-item-quantity\",\"kind\":\"hang\",\"hangMs\":3000,\"count\":1}");

        var before = await Access.CheckAsync(user, MeteredFeature.Reports, Cancel);
        var again = await Access.CheckAsync(user, MeteredFeature.Reports, Cancel);
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 3);
        var pending = await Access.CheckAsync(user, MeteredFeature.Reports, Cancel);
        await Eventually.TrueAsync(() => _app.WithDbAsync(db => db.UsageOutbox.AllAsync(u => u.State == UsageState.Delivered, Cancel)),
            TimeSpan.FromSeconds(20), "the relay delivered the uses");
        var delivered = await Access.CheckAsync(user, MeteredFeature.Reports, Cancel);
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 1);
        var oneMore = await Access.CheckAsync(user, MeteredFeature.Reports, Cancel);

        Assert.Equal(0, before.Used);
        Assert.Equal(0, again.Used);
        Assert.Equal(3, pending.Used);
        Assert.Equal(3, await _app.QuantityAsync(user, "REPORTS"));
        Assert.Equal(3, delivered.Used);
        Assert.Equal(4, oneMore.Used);
    }

    [Fact]
    public async Task A_use_written_in_a_transaction_counts_once_the_transaction_commits()
    {
        var user = await _app.NewCustomerAsync("PRO");
        // Keep the relay from delivering during the test: Cheddar is unreachable (the uses stay pending).
        await _app.AddFaultAsync("{\"path\":\"customers/add-item-quantity\",\"kind\":\"status\",\"status\":503,\"count\":100}");
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var meter = scope.ServiceProvider.GetRequiredService<IUsageMeter>();

        decimal? duringTransaction;
        await using (var transaction = await db.Database.BeginTransactionAsync(Cancel))
        {
            meter.Record(db, user, MeteredFeature.Reports);
            await db.SaveChangesAsync(Cancel);
            // Another connection does not see the uncommitted row, and the gate must not remember that answer.
            duringTransaction = (await Access.CheckAsync(user, MeteredFeature.Reports, Cancel)).Used;
            await transaction.CommitAsync(Cancel);
        }
        var afterCommit = await Access.CheckAsync(user, MeteredFeature.Reports, Cancel);

        Assert.Equal(0, duringTransaction);
        Assert.Equal(1, afterCommit.Used);
    }

    [Fact]
    public async Task Uses_recorded_on_a_context_leased_again_from_the_pool_count_in_the_next_decision()
    {
        var user = await _app.NewCustomerAsync("PRO");
        // Keep the relay from delivering during the test: Cheddar is unreachable (the uses stay pending).
        await _app.AddFaultAsync("{\"path\":\"customers/add-item-quantity\",\"kind\":\"status\",\"status\":503,\"count\":100}");
        var used = new List<decimal>();
        var contexts = new HashSet<Guid>();

        // One unit of work after the other, as page views do: each scope leases a context, records a use and returns it.
        for (var i = 0; i < 4; i++)
        {
            await using (var scope = _app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
                contexts.Add(db.ContextId.InstanceId);
                scope.ServiceProvider.GetRequiredService<IUsageMeter>().Record(db, user, MeteredFeature.Reports);
                if (i % 2 == 0)
                {
                    await db.SaveChangesAsync(Cancel);
                }
                else
                {
                    await using var transaction = await db.Database.BeginTransactionAsync(Cancel);
                    await db.SaveChangesAsync(Cancel);
                    await transaction.CommitAsync(Cancel);
                }
            }
            used.Add((await Access.CheckAsync(user, MeteredFeature.Reports, Cancel)).Used);
        }

        Assert.Equal([1m, 2m, 3m, 4m], used);
        // Not an assertion on the product: says whether this run exercised a context reused across leases.
        TestContext.Current.TestOutputHelper?.WriteLine($"{contexts.Count} context instance(s) for 4 units of work");
    }

    [Fact]
    public async Task Parked_uses_keep_counting_until_an_operator_marks_them_applied_and_then_stop_at_once()
    {
        var user = await _app.NewCustomerAsync("PRO");
        // Cheddar refuses the batch with a status that is not "customer not found": the uses are parked, not free.
        await _app.AddFaultAsync("{\"path\":\"customers/add-item-quantity\",\"kind\":\"status\",\"status\":400,\"count\":1}");
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 2);
        await Eventually.TrueAsync(() => _app.WithDbAsync(db => db.UsageBatches.AnyAsync(b => b.CustomerCode == user && b.State == UsageBatchState.Parked, Cancel)),
            TimeSpan.FromSeconds(10), "the batch is parked");
        var parked = await Access.CheckAsync(user, MeteredFeature.Reports, Cancel);

        var batchId = await _app.WithDbAsync(db => db.UsageBatches.Where(b => b.CustomerCode == user).Select(b => b.Id).SingleAsync(Cancel));
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ParkedUsage>().MarkAppliedAsync(batchId, "operator-id", "operator@example.com", Cancel));
        }
        var afterDecision = await Access.CheckAsync(user, MeteredFeature.Reports, Cancel);

        Assert.Equal(2, parked.Used);
        Assert.Equal(0, afterDecision.Used);
    }
}
