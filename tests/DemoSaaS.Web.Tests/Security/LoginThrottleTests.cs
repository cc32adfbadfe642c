using System.Net;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Identity.Throttling;
using DemoSaaS.Web.Features.Mailbox;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Security;

/// <summary>
/// Wrong passwords slow down the address that sends them, for that account, with growing waits; they never lock the
/// account, so a stranger who knows a user's email cannot keep the user out (docs/decisions/0007-login-throttling.md).
/// </summary>
public sealed class LoginThrottleTests
{
    private const string Password = "Correct-Horse-9";
    private static readonly IPAddress Stranger = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task A_strangers_failed_logins_do_not_stop_the_owner_logging_in_from_another_address()
    {
        await using var app = await new SecurityAppFactory(new Dictionary<string, string?> { ["Security:CredentialPermitsPerMinute"] = "1000" }).StartAsync();
        var email = await CreateConfirmedUserAsync(app);
        using var stranger = new AnonymousBrowser(app.ClientOptions.BaseAddress, Stranger);

        var strangerAttempts = new List<AnonymousBrowser.Page>();
        for (var i = 0; i < 8; i++)
        {
            strangerAttempts.Add(await LogInAsync(stranger, email, $"guess-{i}"));
        }
        using var owner = new AnonymousBrowser(app.ClientOptions.BaseAddress);
        var ownerLogin = await LogInAsync(owner, email, Password);
        var account = await owner.GetAsync("/account");

        // The stranger was slowed down: after five failures each attempt waits, refused unchecked.
        Assert.All(strangerAttempts, attempt => Assert.Equal(HttpStatusCode.OK, attempt.Status));
        Assert.Contains("wait 30 seconds", AnonymousBrowser.Text(strangerAttempts[4].Html));
        Assert.All(strangerAttempts.Skip(5), attempt => Assert.Contains("Too many failed attempts for this account from your network", AnonymousBrowser.Text(attempt.Html)));
        // The owner, from their own address, logs straight in.
        Assert.Equal(HttpStatusCode.Redirect, ownerLogin.Status);
        Assert.DoesNotContain("Lockout", ownerLogin.Location, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, account.Status);
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        Assert.Null(user!.LockoutEnd);
    }

    [Fact]
    public async Task While_an_address_waits_even_the_right_password_is_refused_there_and_a_reset_by_mail_ends_the_wait()
    {
        await using var app = await new SecurityAppFactory(new Dictionary<string, string?> { ["Security:CredentialPermitsPerMinute"] = "1000" }).StartAsync();
        var email = await CreateConfirmedUserAsync(app);
        using var browser = new AnonymousBrowser(app.ClientOptions.BaseAddress);
        for (var i = 0; i < 5; i++)
        {
            await LogInAsync(browser, email, $"wrong-{i}");
        }

        var rightButWaiting = await LogInAsync(browser, email, Password);
        Assert.Equal(HttpStatusCode.OK, rightButWaiting.Status);
        Assert.Matches(@"Try again in \d+ seconds, or reset your password by mail", AnonymousBrowser.Text(rightButWaiting.Html));

        var asked = await browser.SubmitAsync("/Account/ForgotPassword", "forgot-password", [KeyValuePair.Create("Input.Email", email)]);
        Assert.Equal(HttpStatusCode.Redirect, asked.Status);
        var link = Assert.Single(app.Services.GetRequiredService<DevMailbox>().List(email)).Link!;
        // The page posts the token back decoded (a hidden field), as a browser would.
        var code = System.Text.Encoding.UTF8.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(
            Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query)["code"].ToString()));
        var reset = await browser.SubmitAsync(link.PathAndQuery, "reset-password",
        [
            KeyValuePair.Create("Input.Email", email),
            KeyValuePair.Create("Input.Password", "New-Horse-10"),
            KeyValuePair.Create("Input.ConfirmPassword", "New-Horse-10"),
            KeyValuePair.Create("Input.Code", code),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, reset.Status);
        Assert.Contains("ResetPasswordConfirmation", reset.Location);

        var afterReset = await LogInAsync(browser, email, "New-Horse-10");
        Assert.Equal(HttpStatusCode.Redirect, afterReset.Status);
        Assert.DoesNotContain("Lockout", afterReset.Location, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_wait_doubles_from_the_fifth_failure_up_to_fifteen_minutes()
    {
        var options = new LoginThrottleOptions();

        var waits = Enumerable.Range(1, 12).Select(options.WaitAfter).ToList();

        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2),
             TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)],
            waits);
        Assert.Equal(TimeSpan.FromMinutes(15), options.WaitAfter(int.MaxValue));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void Addresses_are_counted_per_IPv4_address_and_per_IPv6_64_network(string address, string key)
    {
        Assert.Equal(key, LoginThrottle.ClientKey(IPAddress.Parse(address)));
    }

    private static Task<AnonymousBrowser.Page> LogInAsync(AnonymousBrowser browser, string email, string password) =>
        browser.SubmitAsync("/Account/Login", "login", [KeyValuePair.Create("Input.Email", email), KeyValuePair.Create("Input.Password", password)]);

    private static async Task<string> CreateConfirmedUserAsync(SecurityAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"throttle-{Guid.NewGuid():N}@example.com";
        Assert.True((await users.CreateAsync(new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true }, Password)).Succeeded);
        return email;
    }
}
