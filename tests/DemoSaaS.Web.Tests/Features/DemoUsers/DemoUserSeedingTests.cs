using DemoSaaS.Cheddar;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.DemoUsers;
using DemoSaaS.Web.Tests.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DemoSaaS.Web.Tests.Features.DemoUsers;

/// <summary>Demo users exist only on a developer's machine against the sandbox, and once there, at Cheddar too.</summary>
public sealed class DemoUserSeedingTests
{
    [Fact]
    public async Task In_development_with_the_sandbox_each_demo_user_is_confirmed_and_on_its_plan_at_cheddar_and_a_restart_adds_none()
    {
        var settings = new Dictionary<string, string?> { ["DemoUsers:Enabled"] = "true" };
        await using var app = await new SecurityAppFactory(settings).StartAsync();
        await app.Services.GetRequiredService<DemoUserSeeder>().Completion.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        var printed = Assert.Single(app.LogLines, l => l.Contains("Password for all of them: ", StringComparison.Ordinal));
        var password = System.Text.RegularExpressions.Regex.Match(printed, @"Password for all of them: (\S+)").Groups[1].Value;
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var customers = scope.ServiceProvider.GetRequiredService<ICheddarCustomers>();
        foreach (var demo in DemoUser.All)
        {
            var user = await users.FindByEmailAsync(demo.Email);
            Assert.NotNull(user);
            Assert.True(user.EmailConfirmed);
            Assert.True(await users.CheckPasswordAsync(user, password));
            var customer = await customers.GetAsync(user.Id, TestContext.Current.CancellationToken);
            Assert.Equal(demo.PlanCode, customer.CurrentSubscription!.Plan.Code);
            var paid = customer.CurrentSubscription.Invoices.Count(i => i.Transactions.Any(t => t.Amount > 0));
            Assert.Equal(demo.PlanCode == "FREE" ? 0 : 1, paid);
        }

        // A second seeding (what a restart runs) finds them and creates nothing, and prints no new password.
        var seeder = ActivatorUtilities.CreateInstance<DemoUserSeeder>(app.Services);
        await seeder.StartAsync(TestContext.Current.CancellationToken);
        await seeder.Completion.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Single(app.LogLines, l => l.Contains("Password for all of them", StringComparison.Ordinal));
        Assert.Contains(app.LogLines, l => l.Contains("Demo users already exist", StringComparison.Ordinal));
        Assert.Equal(3, users.Users.Count(u => u.Email!.EndsWith("@demo.example.com")));
        await seeder.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("Production", "Sandbox")]
    [InlineData("Development", "Real")]
    public async Task No_demo_user_is_created_outside_development_or_against_the_real_cheddar(string environment, string mode)
    {
        var settings = new Dictionary<string, string?> { ["DemoUsers:Enabled"] = "true", ["Cheddar:Mode"] = mode };
        if (mode == "Real")
        {
            settings["Cheddar:BaseUrl"] = "https://cheddar.invalid/";
            settings["Cheddar:ProductCode"] = "REAL_PRODUCT";
            settings["Cheddar:Username"] = "api@example.com";
            settings["Cheddar:Password"] = "from-user-secrets";
            settings["Cheddar:WebhookSecret"] = "real-webhook-secret";
        }
        if (environment != "Development" && mode == "Sandbox")
        {
            // Outside Development the sandbox runs only when explicitly allowed (and mail links need a public URL).
            foreach (var (key, value) in SecurityAppFactory.ProductionDemoSettings)
            {
                settings.TryAdd(key, value);
            }
        }
        await using var app = new SecurityAppFactory(settings, environment);

        Assert.Null(app.Services.GetService<DemoUserSeeder>());
        Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), service => service is DemoUserSeeder);
    }
}
