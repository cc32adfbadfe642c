using DemoSaaS.Cheddar.Requests;
using DemoSaaS.MultiInstance.Tests.Infrastructure;
using Npgsql;

namespace DemoSaaS.MultiInstance.Tests.Metering;

/// <summary>
/// Instances A and B with the relay timings these tests need: a flush every half second, and a settle time (6 s) above
/// the Cheddar timeout (4 s) and the sandbox's held or delayed calls, so an outcome decided after it is final.
/// </summary>
public class RelayFixture : MultiInstanceFixture
{
    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    protected override void ConfigureInstances(Dictionary<string, string?> settings)
    {
        settings["Cheddar:Timeout"] = "00:00:04";
        settings["Cheddar:AttemptTimeout"] = "00:00:04";
        settings["Cheddar:RetryBaseDelay"] = "00:00:00.050";
        settings["Billing:RelayInterval"] = "00:00:00.500";
        settings["Billing:RelayCoalesceDelay"] = "00:00:00.050";
        settings["Billing:RelayInitialBackoff"] = "00:00:00.100";
        settings["Billing:RelayMaxBackoff"] = "00:00:00.500";
        settings["Billing:RelaySettleTime"] = "00:00:06";
    }

    /// <summary>The settings an instance gets, for one started outside the fixture (a child process).</summary>
    public Dictionary<string, string?> SettingsFor(string applicationName)
    {
        var settings = InstanceSettings(new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = applicationName }.ConnectionString);
        ConfigureInstances(settings);
        return settings;
    }

    /// <summary>A Cheddar customer on the plan (no card: FREE and PRO need none), made straight at the sandbox.</summary>
    public async Task<string> NewCustomerAsync(string planCode)
    {
        var code = Guid.NewGuid().ToString();
        await Cheddar.CreateAsync(new NewCustomerRequest
        {
            Code = code,
            FirstName = "Multi",
            LastName = "Instance",
            Email = $"{code}@example.com",
            Subscription = new NewSubscriptionRequest { PlanCode = planCode },
        }, Cancel);
        return code;
    }

    /// <summary>Outbox rows not settled yet (pending, claimed, parked) of these customers, read as the superuser.</summary>
    public async Task<int> UnsettledAsync(params string[] customers)
    {
        await using var connection = await OpenConnectionAsync();
        await using var query = new NpgsqlCommand(
            """SELECT count(*)::int FROM "UsageOutbox" WHERE "CustomerCode" = ANY(@customers) AND "State" IN ('Pending', 'Claimed', 'Parked')""",
            connection);
        query.Parameters.AddWithValue("customers", customers);
        return (int)(await query.ExecuteScalarAsync(Cancel))!;
    }
}
