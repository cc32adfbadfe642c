using System.Diagnostics;
using DemoSaaS.MultiInstance.Tests.Infrastructure;
using DemoSaaS.Web.Features.Billing.Metering;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DemoSaaS.MultiInstance.Tests.Metering;

/// <summary>
/// Issue 14: an instance dies (or loses its database session) while a Cheddar call it made for a customer is held; another
/// instance takes the customer over within 10 s, without a lease timer, and the totals end exact. A relay that lost
/// its lock but still runs cannot confirm or resend (its writes are fenced by the claim).
/// </summary>
/// <remarks>
/// Each test first stops every running instance, so that the instance it means to kill is the one that claims the
/// customer's uses; the survivor is started once the claim is made. The uses are written to the outbox directly, as an
/// instance's page would have recorded them: which instance recorded a use does not matter to the relays.
/// </remarks>
public sealed class RelayTakeoverTests(RelayFixture fixture) : IClassFixture<RelayFixture>
{
    private const int Uses = 5;
    private static readonly TimeSpan TakeoverLimit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The instance that dies waits for Cheddar far longer than the test takes: only its death ends the call. (Its settle
    /// time is the survivor's: a relay that lives on may decide the batch too, by the same rule.)
    /// </summary>
    private static readonly Dictionary<string, string?> Patient = new()
    {
        ["Cheddar:Timeout"] = "00:00:30",
        ["Cheddar:AttemptTimeout"] = "00:00:30",
        ["Billing:RelaySettleTime"] = "00:00:12",
    };

    /// <summary>
    /// The survivor decides an unknown outcome 12 s after the attempt started: after the sandbox carried out the delayed
    /// call (8 s), as the settle time's rule asks (longer than any call can still be carried out).
    /// </summary>
    private static readonly Dictionary<string, string?> Survivor = new()
    {
        ["Billing:RelaySettleTime"] = "00:00:12",
    };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("hang", "not applied: the held call dies with the instance, so the survivor sends the batch again")]
    [InlineData("latency", "applied late: Cheddar carries out the call after the instance died, so the survivor finds it applied once")]
    public async Task Kill_9_of_the_instance_whose_call_is_held_hands_the_customer_to_the_other_within_10_s_and_totals_end_exact(string fault, string meaning)
    {
        _ = meaning;
        await StopRunningInstancesAsync();
        var user = await fixture.NewCustomerAsync("PRO");
        var faultId = await fixture.SandboxControl.AddFaultAsync(fault == "hang"
            ? $$"""{"path":"add-item-quantity","customer":"{{user}}","kind":"hang","count":1}"""
            : $$"""{"path":"add-item-quantity","customer":"{{user}}","kind":"latency","latencyMs":8000,"count":1}""");
        var name = $"child_{fault}_{Guid.NewGuid():N}"[..20];
        var settings = fixture.SettingsFor(name);
        foreach (var (key, value) in Patient)
        {
            settings[key] = value;
        }
        await using var child = await ChildInstance.StartAsync(name, settings, Cancel);
        await RecordUsesAsync(user, Uses);

        await Eventually.TrueAsync(async () => await SendingAsync(user) && await FaultUsedUpAsync(faultId), TimeSpan.FromSeconds(20),
            $"the child process claimed the uses and its add-item-quantity is held by the sandbox\n{child.Output}");
        var survivor = await fixture.StartInstanceAsync($"S{fault}", Survivor);

        child.Kill();
        var sinceKill = Stopwatch.StartNew();
        await Eventually.TrueAsync(async () => !await SendingAsync(user), TakeoverLimit, "the survivor takes the customer's batch over");
        var takeover = sinceKill.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine($"{fault}: taken over {takeover.TotalSeconds:0.0} s after kill -9");
        Assert.True(takeover < TakeoverLimit);

        await Eventually.TrueAsync(async () => await fixture.UnsettledAsync(user) == 0, TimeSpan.FromSeconds(30), "every use is delivered");
        Assert.Equal(Uses, await fixture.QuantityAsync(user, "REPORTS"));
        var batches = await survivor.WithDbAsync(db => db.UsageBatches.Where(b => b.CustomerCode == user).ToListAsync(Cancel));
        var batch = Assert.Single(batches);
        Assert.Equal(UsageBatchState.Delivered, batch.State);
        Assert.Equal(Uses, batch.Quantity);
    }

    [Fact]
    public async Task A_relay_whose_lock_session_was_killed_cannot_confirm_its_answer_the_new_owner_decides_the_batch()
    {
        await StopRunningInstancesAsync();
        var user = await fixture.NewCustomerAsync("PRO");
        // Cheddar carries the add out after 8 s and answers it: the stale relay gets a good answer it must not act on.
        var faultId = await fixture.SandboxControl.AddFaultAsync(
            $$"""{"path":"add-item-quantity","customer":"{{user}}","kind":"latency","latencyMs":8000,"count":1}""");
        var stale = await fixture.StartInstanceAsync("stale", Patient);
        await RecordUsesAsync(user, Uses);
        await Eventually.TrueAsync(async () => await SendingAsync(user) && await FaultUsedUpAsync(faultId), TimeSpan.FromSeconds(20),
            "the first instance claimed the uses and its call is under way");
        var owner = await fixture.StartInstanceAsync("owner", Survivor);

        // Only the session holding the stale relay's advisory lock: its other connections (and its process) live on.
        Assert.True(await KillAdvisoryLockSessionsAsync(stale.ApplicationName) > 0, "the first instance held no advisory lock");
        var sinceKill = Stopwatch.StartNew();
        await Eventually.TrueAsync(async () => !await SendingAsync(user), TakeoverLimit, "the other instance takes the customer's batch over");
        Assert.True(sinceKill.Elapsed < TakeoverLimit);

        await Eventually.TrueAsync(async () => await fixture.UnsettledAsync(user) == 0, TimeSpan.FromSeconds(30), "every use is delivered");
        Assert.Equal(Uses, await fixture.QuantityAsync(user, "REPORTS"));
        var batch = Assert.Single(await owner.WithDbAsync(db => db.UsageBatches.Where(b => b.CustomerCode == user).ToListAsync(Cancel)));
        Assert.Equal(UsageBatchState.Delivered, batch.State);
        // Decided by the new owner's reconciliation after the settle time, not by the stale relay's answer ("answered").
        Assert.Equal("reconciled: applied once", batch.Reason);
    }

    [Fact]
    public async Task An_abrupt_stop_with_its_sessions_terminated_hands_the_customer_to_the_other_within_10_s_and_totals_end_exact()
    {
        await StopRunningInstancesAsync();
        var user = await fixture.NewCustomerAsync("PRO");
        var faultId = await fixture.SandboxControl.AddFaultAsync(
            $$"""{"path":"add-item-quantity","customer":"{{user}}","kind":"latency","latencyMs":8000,"count":1}""");
        var victim = await fixture.StartInstanceAsync("victim", Patient);
        await RecordUsesAsync(user, Uses);
        await Eventually.TrueAsync(async () => await SendingAsync(user) && await FaultUsedUpAsync(faultId), TimeSpan.FromSeconds(20),
            "the first instance claimed the uses and its call is under way");
        var survivor = await fixture.StartInstanceAsync("survivor", Survivor);

        // Its role barred, every session terminated (pg_terminate_backend), the host stopped without waiting.
        await victim.KillAsync(fixture);
        var sinceKill = Stopwatch.StartNew();
        await Eventually.TrueAsync(async () => !await SendingAsync(user), TakeoverLimit, "the survivor takes the customer's batch over");
        Assert.True(sinceKill.Elapsed < TakeoverLimit);

        await Eventually.TrueAsync(async () => await fixture.UnsettledAsync(user) == 0, TimeSpan.FromSeconds(30), "every use is delivered");
        Assert.Equal(Uses, await fixture.QuantityAsync(user, "REPORTS"));
        var batch = Assert.Single(await survivor.WithDbAsync(db => db.UsageBatches.Where(b => b.CustomerCode == user).ToListAsync(Cancel)));
        Assert.Equal(UsageBatchState.Delivered, batch.State);
        Assert.Equal("reconciled: applied once", batch.Reason);
    }

    private async Task StopRunningInstancesAsync()
    {
        foreach (var instance in fixture.Instances.Where(i => i.IsRunning))
        {
            await instance.StopAsync();
        }
    }

    /// <summary>Uses in the outbox as a page on some instance would have committed them.</summary>
    private async Task RecordUsesAsync(string user, int count)
    {
        await using var connection = await fixture.OpenConnectionAsync();
        for (var i = 0; i < count; i++)
        {
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO "UsageOutbox" ("CustomerCode", "ItemCode", "Quantity", "RecordedAtUtc", "State")
                VALUES (@user, 'REPORTS', 1, now(), 'Pending')
                """, connection);
            insert.Parameters.AddWithValue("user", user);
            await insert.ExecuteNonQueryAsync(Cancel);
        }
    }

    /// <summary>The customer's batch is claimed and its call not decided by anyone since ("Sending").</summary>
    private async Task<bool> SendingAsync(string user)
    {
        await using var connection = await fixture.OpenConnectionAsync();
        await using var query = new NpgsqlCommand("""SELECT count(*) FROM "UsageBatches" WHERE "CustomerCode" = @user AND "State" = 'Sending'""", connection);
        query.Parameters.AddWithValue("user", user);
        return (long)(await query.ExecuteScalarAsync(Cancel))! > 0;
    }

    private async Task<bool> FaultUsedUpAsync(int id)
    {
        var body = await fixture.SandboxControl.Client.GetStringAsync("sandbox/faults", Cancel);
        return !System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("faults").EnumerateArray()
            .Any(f => f.GetProperty("id").GetInt32() == id && f.GetProperty("remaining").GetInt32() > 0);
    }

    /// <summary>pg_terminate_backend of the instance's sessions that hold an advisory lock.</summary>
    private async Task<int> KillAdvisoryLockSessionsAsync(string applicationName)
    {
        await using var connection = await fixture.OpenConnectionAsync();
        await using var kill = new NpgsqlCommand(
            """
            SELECT count(*) FILTER (WHERE pg_terminate_backend(a.pid, 5000))::int
            FROM pg_stat_activity a
            WHERE a.application_name = @name
              AND a.pid IN (SELECT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted)
            """, connection);
        kill.Parameters.AddWithValue("name", applicationName);
        return (int)(await kill.ExecuteScalarAsync(Cancel))!;
    }
}
