using DemoSaaS.Cheddar.Requests;
using DemoSaaS.MultiInstance.Tests.Infrastructure;
using DemoSaaS.Web.Features.DemoUsers;
using DemoSaaS.Web.Infrastructure.Cheddar;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.MultiInstance.Tests.Instances;

/// <summary>
/// The Development stack on several instances: with Cheddar:SandboxUrl every instance uses the one standalone sandbox
/// (not a sandbox of its own), and the demo users are made once between them, at that sandbox.
/// </summary>
public sealed class DemoUsersAcrossInstancesTests(MultiInstanceFixture fixture) : IClassFixture<MultiInstanceFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_instances_starting_at_once_with_the_shared_sandbox_seed_the_demo_users_once_at_that_sandbox()
    {
        var database = await fixture.Cluster.CreateDatabaseAsync("demousers", Cancel);
        var logs = new CapturedLogs();
        AppInstance? first = null, second = null;
        try
        {
            first = NewInstance("S1", database, logs);
            second = NewInstance("S2", database, logs);
            await Task.WhenAll(Task.Run(first.Start, Cancel), Task.Run(second.Start, Cancel));
            foreach (var instance in new[] { first, second })
            {
                Assert.Null(instance.Services.GetService<EmbeddedCheddarSandbox>());
                await instance.Services.GetRequiredService<DemoUserSeeder>().Completion.WaitAsync(TimeSpan.FromSeconds(90), Cancel);
            }

            var emails = await first.WithDbAsync(db => db.Users.Select(u => u.Email!).ToListAsync(Cancel));
            Assert.Equal(DemoUser.All.Select(d => d.Email).Order(), emails.Order());
            foreach (var demo in DemoUser.All)
            {
                var customer = Assert.Single(await fixture.Cheddar.ListAsync(new CustomerListFilter { Search = demo.Email }, Cancel));
                Assert.Equal(demo.PlanCode, customer.CurrentSubscription?.Plan?.Code);
            }
            Assert.Equal(1, logs.Count("Demo users created"));
            Assert.Equal(1, logs.Count("Demo users already exist"));
            Assert.Equal(0, logs.Count("was not set up completely"));
        }
        finally
        {
            foreach (var instance in new[] { first, second })
            {
                if (instance is not null)
                {
                    await instance.DisposeAsync();
                }
            }
            await fixture.Cluster.DropDatabaseAsync(database, CancellationToken.None);
        }
    }

    /// <summary>A Development instance with demo users on, using the fixture's standalone sandbox through Cheddar:SandboxUrl.</summary>
    private AppInstance NewInstance(string name, string database, CapturedLogs logs) => new(name, name.ToLowerInvariant(), new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:DefaultConnection"] = database,
        ["Cheddar:Mode"] = "Sandbox",
        ["Cheddar:SandboxUrl"] = fixture.Sandbox.BaseAddress.ToString(),
        ["Cheddar:WebhookSecret"] = fixture.WebhookSecret,
        ["DemoUsers:Enabled"] = "true",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:DemoSaaS.Web.Features.DemoUsers"] = "Information",
    }, logs.For(name));
}
