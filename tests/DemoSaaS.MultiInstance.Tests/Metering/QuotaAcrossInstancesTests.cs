using DemoSaaS.MultiInstance.Tests.Infrastructure;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Features.Billing.Metering;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.MultiInstance.Tests.Metering;

/// <summary>
/// Issue 14 with issue 13's gating rules: the last unit of a quota is given once across instances, and a use recorded
/// on one instance counts in the other's next use at once (and on its pages within a short bound), before and after a
/// relay delivered it.
/// </summary>
public sealed class QuotaAcrossInstancesTests(RelayFixture fixture) : IClassFixture<RelayFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ten_tabs_on_two_instances_at_a_FREE_users_last_report_get_exactly_one()
    {
        var user = await AtNineteenOfTwentyAsync();
        // Both instances have shown the user a page (each has its snapshot and its view of the pending uses).
        Assert.True((await fixture.A.CheckReportAsync(user, Cancel)).Allowed);
        Assert.True((await fixture.B.CheckReportAsync(user, Cancel)).Allowed);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => (i % 2 == 0 ? fixture.A : fixture.B).UseReportAsync(user, Cancel), Cancel)));

        Assert.Equal(1, outcomes.Count(ok => ok));
        await Eventually.TrueAsync(async () => await fixture.UnsettledAsync(user) == 0, TimeSpan.FromSeconds(30), "the last use is delivered");
        Assert.Equal(20, await fixture.QuantityAsync(user, "REPORTS"));
        Assert.Equal(0, await fixture.A.WithDbAsync(db => db.UsageOutbox.CountAsync(u => u.CustomerCode == user && u.State != UsageState.Delivered, Cancel)));
    }

    [Fact]
    public async Task A_use_recorded_on_B_counts_in_As_next_use_at_once_and_on_As_pages_within_the_bound()
    {
        var user = await AtNineteenOfTwentyAsync();
        // A's page decides (and keeps its snapshot of Cheddar's 19 and its pending sum, which page views may reuse briefly).
        Assert.True((await fixture.A.CheckReportAsync(user, Cancel)).Allowed);

        Assert.True(await fixture.B.UseReportAsync(user, Cancel));

        // The decision a use is recorded on reads every instance's uses now: A refuses the 21st at once.
        var forUse = await fixture.A.CheckReportForUseAsync(user, Cancel);
        Assert.False(forUse.Allowed, "A would record a FREE user's 21st report: the use recorded on B did not count in A's authoritative decision.");
        Assert.Equal(AccessDenialReason.QuotaReached, forUse.DenialReason);
        Assert.False(await fixture.A.UseReportAsync(user, Cancel));
        // A's pages show it within PendingUsage.MaxAdvisoryAge (2 s); the margin is for a loaded machine, not a target.
        await Eventually.TrueAsync(async () => !(await fixture.A.CheckReportAsync(user, Cancel)).Allowed, TimeSpan.FromSeconds(10),
            "A's page decision counts the use recorded on B");
        Assert.Equal(AccessDenialReason.QuotaReached, (await fixture.A.CheckReportAsync(user, Cancel)).DenialReason);

        await Eventually.TrueAsync(async () => await fixture.UnsettledAsync(user) == 0, TimeSpan.FromSeconds(30), "B's use is delivered");
        var delivered = await fixture.A.CheckReportForUseAsync(user, Cancel);
        Assert.False(delivered.Allowed, "A would let a FREE user past 20 reports once the 20th was delivered by another relay (A's snapshot still shows 19).");
        await Eventually.TrueAsync(async () => !(await fixture.A.CheckReportAsync(user, Cancel)).Allowed, TimeSpan.FromSeconds(10),
            "A's page decision counts the use B's relay delivered");
        Assert.Equal(20, await fixture.QuantityAsync(user, "REPORTS"));
    }

    /// <summary>A FREE customer whose 19 reports (of 20) were made on A and delivered.</summary>
    private async Task<string> AtNineteenOfTwentyAsync()
    {
        var user = await fixture.NewCustomerAsync("FREE");
        for (var i = 0; i < 19; i++)
        {
            if (!await fixture.A.UseReportAsync(user, Cancel))
            {
                var decision = await fixture.A.CheckReportAsync(user, Cancel);
                Assert.Fail($"Use {i + 1} of 19 was refused: {decision.DenialReason} {decision.Message} (used {decision.Used} of {decision.Included})");
            }
        }
        await Eventually.TrueAsync(async () => await fixture.UnsettledAsync(user) == 0, TimeSpan.FromSeconds(30), "19 uses are delivered");
        Assert.Equal(19, await fixture.QuantityAsync(user, "REPORTS"));
        return user;
    }
}
