using DemoSaaS.MultiInstance.Tests.Infrastructure;
using DemoSaaS.Web.Features.Billing.Metering;
using DemoSaaS.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.MultiInstance.Tests.Billing;

/// <summary>Two instances on one database meter one user's reports into one Cheddar: every report counted once.</summary>
public sealed class MeteringAcrossInstancesTests(MultiInstanceFixture fixture) : IClassFixture<MultiInstanceFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_who_signed_up_on_A_and_makes_reports_on_A_and_B_is_billed_for_exactly_the_reports_made()
    {
        var email = AccountJourney.NewEmail();
        var user = await AccountJourney.SignUpAsync(fixture.A, email, "PRO");
        // The account made on A is known to B: the user logs in on either.
        using (var onA = await AccountJourney.SignInAsync(fixture.A, email))
        using (var onB = await AccountJourney.SignInAsync(fixture.B, email))
        {
            Assert.True(await AccountJourney.IsSignedInAsync(onA));
            Assert.True(await AccountJourney.IsSignedInAsync(onB));
        }

        // Rounds of four reports at once, two through each instance, as from tabs served by both: each round wakes
        // both instances' relays together.
        const int rounds = 5;
        for (var round = 0; round < rounds; round++)
        {
            var outcomes = await Task.WhenAll(
                MakeReportAsync(fixture.A, user, round), MakeReportAsync(fixture.B, user, round),
                MakeReportAsync(fixture.A, user, round), MakeReportAsync(fixture.B, user, round));
            Assert.All(outcomes, outcome => Assert.True(outcome.Report is not null, outcome.Decision?.Message ?? outcome.InputError));
        }
        const int made = rounds * 4;

        Assert.Equal(made, await fixture.A.WithDbAsync(db => db.Reports.CountAsync(r => r.UserId == user, Cancel)));
        await Eventually.TrueAsync(() => fixture.B.WithDbAsync(db => db.UsageOutbox.Where(u => u.CustomerCode == user)
                .AllAsync(u => u.State == UsageState.Delivered, Cancel)),
            TimeSpan.FromSeconds(30), "every use is marked delivered");
        Assert.Equal(made, await fixture.QuantityAsync(user, "REPORTS"));
        // Nothing is sent again afterwards by either relay.
        await Task.Delay(TimeSpan.FromSeconds(2), Cancel);
        Assert.Equal(made, await fixture.QuantityAsync(user, "REPORTS"));
    }

    private static Task<ReportGenerationOutcome> MakeReportAsync(AppInstance instance, string user, int round) =>
        Task.Run(() => instance.WithServiceAsync<ReportService, ReportGenerationOutcome>(reports =>
            reports.GenerateAsync(user, new ReportRequest { Kind = ReportSourceKind.Text, Data = $"round {round} on {instance.Name} words words" }, Cancel)));
}
