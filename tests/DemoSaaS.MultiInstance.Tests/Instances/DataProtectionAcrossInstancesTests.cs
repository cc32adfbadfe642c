using System.Net;
using DemoSaaS.MultiInstance.Tests.Infrastructure;
using DemoSaaS.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DemoSaaS.MultiInstance.Tests.Instances;

/// <summary>
/// Behind a balancer a browser's requests reach any instance: a login form from one is posted to another, a cookie
/// made by one is sent to the other. Both work because the instances share their data-protection keys in the database
/// under one application name, and the first key is made once however many instances start together.
/// </summary>
public sealed class DataProtectionAcrossInstancesTests(SeparateMachinesFixture fixture) : IClassFixture<SeparateMachinesFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_login_form_fetched_from_one_instance_and_posted_to_the_other_signs_the_user_in()
    {
        var email = await CreateConfirmedUserAsync(fixture.A);
        var browser = new CookieContainer();
        using var onA = fixture.A.CreateBrowserClient(browser);
        using var onB = fixture.B.CreateBrowserClient(browser);

        var token = AccountJourney.AntiforgeryToken(await onA.GetStringAsync("/Account/Login", Cancel));
        using var posted = await onB.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = AccountJourney.Password,
        }), Cancel);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.True(await AccountJourney.IsSignedInAsync(onB), "signed in on B");
    }

    [Fact]
    public async Task An_auth_cookie_made_by_one_instance_is_accepted_by_the_other()
    {
        var email = await CreateConfirmedUserAsync(fixture.B);
        var browser = new CookieContainer();
        using var onB = await AccountJourney.SignInAsync(fixture.B, email, cookies: browser);
        using var onA = fixture.A.CreateBrowserClient(browser);

        Assert.True(await AccountJourney.IsSignedInAsync(onA), "the cookie B made signs the user in on A");
        Assert.True(await AccountJourney.IsSignedInAsync(onB));
    }

    [Fact]
    public async Task Two_instances_starting_at_once_on_an_empty_database_make_one_key_and_read_each_others_cookies()
    {
        var database = await fixture.Cluster.CreateDatabaseAsync("emptystart", Cancel);
        var folders = new[] { Directory.CreateTempSubdirectory("demosaas-instance-").FullName, Directory.CreateTempSubdirectory("demosaas-instance-").FullName };
        AppInstance? first = null, second = null;
        try
        {
            first = NewInstance("E1", database, folders[0]);
            second = NewInstance("E2", database, folders[1]);
            // Both run migrations and the first-key step at the same moment, as two containers started together.
            await Task.WhenAll(Task.Run(first.Start, Cancel), Task.Run(second.Start, Cancel));

            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync(Cancel);
            await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM \"DataProtectionKeys\"", connection);
            Assert.Equal(1L, await count.ExecuteScalarAsync(Cancel));

            var email = await CreateConfirmedUserAsync(first);
            var browser = new CookieContainer();
            using var onFirst = await AccountJourney.SignInAsync(first, email, cookies: browser);
            using var onSecond = second.CreateBrowserClient(browser);
            Assert.True(await AccountJourney.IsSignedInAsync(onSecond));
            await using var recount = new NpgsqlCommand("SELECT COUNT(*) FROM \"DataProtectionKeys\"", connection);
            Assert.Equal(1L, await recount.ExecuteScalarAsync(Cancel));
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
            foreach (var folder in folders)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>An instance on <paramref name="database"/> (as the superuser), from a folder of its own, with the fixture's other settings.</summary>
    private AppInstance NewInstance(string name, string database, string folder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:DefaultConnection"] = database,
            ["Cheddar:Mode"] = "Real",
            ["Cheddar:BaseUrl"] = fixture.Sandbox.BaseAddress.ToString(),
            ["Cheddar:ProductCode"] = MultiInstanceFixture.CheddarProductCode,
            ["Cheddar:Username"] = MultiInstanceFixture.CheddarUsername,
            ["Cheddar:Password"] = MultiInstanceFixture.CheddarPassword,
            ["Cheddar:WebhookSecret"] = fixture.WebhookSecret,
            ["Security:CredentialPermitsPerMinute"] = "10000",
            ["Logging:LogLevel:Default"] = "Warning",
            [WebHostDefaults.ContentRootKey] = folder,
        };
        return new AppInstance(name, name.ToLowerInvariant(), settings, testServices: null);
    }

    private static async Task<string> CreateConfirmedUserAsync(AppInstance instance)
    {
        await using var scope = instance.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = AccountJourney.NewEmail("keys");
        var created = await users.CreateAsync(new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true }, AccountJourney.Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        return email;
    }
}
