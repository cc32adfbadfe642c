using System.Text.Json;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.MultiInstance.Tests.Infrastructure;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Signup;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.MultiInstance.Tests.Instances;

/// <summary>
/// Two instances look for unfinished signups on one database: each stale signup is settled once (one look-up at
/// Cheddar, one outcome), and a signup whose own request finishes while the cleanup is settling it is left as the
/// request made it.
/// </summary>
public sealed class PendingSignupCleanupAcrossInstancesTests(IdleCleanupFixture fixture) : IClassFixture<IdleCleanupFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_stale_pending_signup_is_settled_exactly_once_by_two_instances()
    {
        var logs = new CapturedLogs();
        var created = new List<string>();
        var neverCreated = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            created.Add(await NewFreeCustomerAsync());
            neverCreated.Add(Guid.NewGuid().ToString());
        }
        var all = created.Concat(neverCreated).ToList();
        // Every look-up of these customers is slowed (so two passes would overlap) and counted by Cheddar.
        foreach (var code in all)
        {
            await fixture.SandboxControl.AddFaultAsync($$"""{"path":"customers/get","customer":"{{code}}","kind":"latency","latencyMs":300,"count":1000}""");
        }
        await fixture.A.WithDbAsync(async db =>
        {
            db.PendingSignups.AddRange(all.Select(StaleRow));
            return await db.SaveChangesAsync(Cancel);
        });

        var c = await fixture.StartInstanceAsync("C", IdleCleanupFixture.BusyCleanup, logs.For("C"));
        var d = await fixture.StartInstanceAsync("D", IdleCleanupFixture.BusyCleanup, logs.For("D"));
        await Eventually.TrueAsync(() => fixture.A.WithDbAsync(db => db.PendingSignups.AllAsync(p => !all.Contains(p.CustomerCode), Cancel)),
            TimeSpan.FromSeconds(60), "every stale signup is settled");
        var lookups = await LookupsAsync(all);
        await fixture.SandboxControl.ClearFaultsAsync();
        await c.StopAsync();
        await d.StopAsync();

        Assert.All(all, code => Assert.Equal(1, lookups[code]));
        Assert.All(all, code => Assert.Equal(1, logs.Count($"Settled unfinished signup {code}")));
        Assert.Equal(0, logs.Count("Removed Cheddar customer"));
        foreach (var code in created)
        {
            Assert.NotNull(await fixture.Cheddar.FindAsync(code, Cancel));
            Assert.True(await fixture.B.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == code, Cancel)), $"{code} has its account");
        }
        foreach (var code in neverCreated)
        {
            Assert.False(await fixture.B.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == code, Cancel)));
        }
    }

    [Fact]
    public async Task A_signup_its_request_completes_on_one_instance_while_another_settles_it_is_never_touched()
    {
        var logs = new CapturedLogs();
        var code = await NewFreeCustomerAsync();
        // The cleanup's look-up of this customer is held at Cheddar for 3 s.
        await fixture.SandboxControl.AddFaultAsync($$"""{"path":"customers/get","customer":"{{code}}","kind":"latency","latencyMs":3000,"count":1}""");
        await fixture.A.WithDbAsync(async db =>
        {
            db.PendingSignups.Add(StaleRow(code));
            return await db.SaveChangesAsync(Cancel);
        });
        var c = await fixture.StartInstanceAsync("E", IdleCleanupFixture.BusyCleanup, logs.For("E"));
        await Eventually.TrueAsync(async () => !(await fixture.SandboxControl.Client.GetStringAsync("/sandbox/faults", Cancel)).Contains(code, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the cleanup's look-up is held at Cheddar");

        // Meanwhile the signup's own request, on B, gets Cheddar's answer and finishes the account.
        var customer = await fixture.Cheddar.GetAsync(code, Cancel);
        var outcome = await fixture.B.WithServiceAsync<SignupCompletion, PendingSignupOutcome>(completion =>
            completion.SettleExistingAsync(StaleRow(code), customer, Cancel));
        Assert.Equal(PendingSignupOutcomeKind.Completed, outcome.Kind);
        await Eventually.TrueAsync(() => Task.FromResult(logs.Count($"Settled unfinished signup {code}") > 0),
            TimeSpan.FromSeconds(15), "the cleanup is done with the signup");
        await c.StopAsync();

        Assert.Equal(0, logs.Count("Removed Cheddar customer"));
        Assert.NotNull(await fixture.Cheddar.FindAsync(code, Cancel));
        var email = $"{code}@example.com";
        await fixture.A.WithServiceAsync<UserManager<ApplicationUser>, IdentityResult>(async users =>
        {
            var user = await users.FindByIdAsync(code) ?? throw new InvalidOperationException("The account is gone.");
            // As the link in the confirmation mail would.
            return await users.ConfirmEmailAsync(user, await users.GenerateEmailConfirmationTokenAsync(user));
        });
        using var browser = await AccountJourney.SignInAsync(fixture.A, email);
        Assert.True(await AccountJourney.IsSignedInAsync(browser), "the account the request made signs in");
    }

    /// <summary>A FREE customer at Cheddar (no money taken: the case a careless cleanup would delete), code = a fresh user id.</summary>
    private async Task<string> NewFreeCustomerAsync()
    {
        var code = Guid.NewGuid().ToString();
        await fixture.Cheddar.CreateAsync(new NewCustomerRequest
        {
            Code = code,
            FirstName = "Stale",
            LastName = "Signup",
            Email = $"{code}@example.com",
            Subscription = new NewSubscriptionRequest { PlanCode = "FREE" },
        }, Cancel);
        return code;
    }

    /// <summary>The row a signup writes before calling Cheddar, an hour old: its request gave up or is very slow.</summary>
    private static PendingSignup StaleRow(string code) => StalePendingSignup.Row(code, AccountJourney.Password);

    /// <summary>How many look-ups of each customer Cheddar answered: what its counting faults used up.</summary>
    private async Task<Dictionary<string, int>> LookupsAsync(IEnumerable<string> codes)
    {
        using var faults = JsonDocument.Parse(await fixture.SandboxControl.Client.GetStringAsync("/sandbox/faults", Cancel));
        var used = faults.RootElement.GetProperty("faults").EnumerateArray()
            .Where(f => f.GetProperty("customer").ValueKind == JsonValueKind.String)
            .ToDictionary(f => f.GetProperty("customer").GetString()!, f => f.GetProperty("count").GetInt32() - f.GetProperty("remaining").GetInt32());
        return codes.ToDictionary(code => code, code => used.GetValueOrDefault(code));
    }
}
