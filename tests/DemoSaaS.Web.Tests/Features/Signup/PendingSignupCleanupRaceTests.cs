using DemoSaaS.Cheddar;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Signup;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Features.Signup;

/// <summary>
/// A signup whose own request finishes while the cleanup is settling it (the cleanup read the row, then waited on
/// Cheddar) is left exactly as the request made it: its customer is never deleted, its account never touched. The
/// cleanup's claim on the row names the state it read, and the request's completion removes the row, so the cleanup's
/// later steps find nothing of theirs to do.
/// </summary>
public sealed class PendingSignupCleanupRaceTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_signup_its_request_completes_while_the_cleanup_settles_it_keeps_its_customer_and_account()
    {
        var logs = new CapturedLogs();
        await using var app = await new BillingAppFactory(
            new Dictionary<string, string?> { ["Signup:CleanupInterval"] = "00:00:00.100" },
            testServices: logs.For("app")).StartAsync();
        // A FREE signup (no money taken, so today's cleanup may delete its customer) that Cheddar has created.
        var code = await app.NewCustomerAsync("FREE");
        var email = $"{code}@example.com";
        // As the request wrote it, and as the request holds it when Cheddar answers (same customer, state and password).
        PendingSignup Row() => StalePendingSignup.Row(code, SignupAccount.Password);
        // The cleanup's look-up of this customer will be held at Cheddar for 3 s.
        await app.AddFaultAsync($$"""{"path":"customers/get","customer":"{{code}}","kind":"latency","latencyMs":3000,"count":1}""");
        // The row its request wrote before calling Cheddar, older than the settle time: the request is slow, not gone.
        await app.WithDbAsync(async db =>
        {
            db.PendingSignups.Add(Row());
            return await db.SaveChangesAsync(Cancel);
        });
        await Eventually.TrueAsync(async () => !(await FaultsAsync(app)).Contains(code, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the cleanup's look-up is held at Cheddar");

        // Meanwhile the request gets Cheddar's answer and finishes the account, as SignupService does.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var customer = await app.GetCustomerAsync(code);
            var outcome = await scope.ServiceProvider.GetRequiredService<SignupCompletion>().SettleExistingAsync(Row(), customer, Cancel);
            Assert.Equal(PendingSignupOutcomeKind.Completed, outcome.Kind);
        }
        await Eventually.TrueAsync(() => Task.FromResult(logs.Count($"Settled unfinished signup {code}") > 0),
            TimeSpan.FromSeconds(15), "the cleanup is done with the signup");

        Assert.Equal(0, app.CheddarCalls.Count("customers/delete"));
        Assert.NotNull(await app.Services.GetRequiredService<ICheddarCustomers>().FindAsync(code, Cancel));
        Assert.True(await SignupAccount.CanLogInAsync(app, email), "the account the request made signs in");
        Assert.False(await app.WithDbAsync(db => db.PendingSignups.AnyAsync(Cancel)));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("parked", StringComparison.OrdinalIgnoreCase) && line.Contains(code, StringComparison.Ordinal));
    }

    private static async Task<string> FaultsAsync(BillingAppFactory app)
    {
        using var sandbox = app.CreateSandboxClient();
        return await sandbox.GetStringAsync("/sandbox/faults", Cancel);
    }
}
