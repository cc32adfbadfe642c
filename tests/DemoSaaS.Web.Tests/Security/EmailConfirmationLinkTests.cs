using System.Net;
using System.Text;
using DemoSaaS.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Security;

/// <summary>
/// An email confirmation link answers the same for an account that does not exist and for a wrong code, so links
/// cannot be used to find out which user ids exist; a genuine link still confirms.
/// </summary>
public sealed class EmailConfirmationLinkTests(RunningSecurityApp running) : IClassFixture<RunningSecurityApp>
{
    private readonly SecurityAppFactory _app = running.App;

    [Fact]
    public async Task An_unknown_user_and_a_wrong_code_get_the_same_answer_and_a_genuine_link_confirms()
    {
        var user = await CreateUnconfirmedUserAsync();
        var wrongCode = Encode("not-the-token");
        using var browser = new AnonymousBrowser(_app.ClientOptions.BaseAddress);

        var unknownUser = await browser.GetAsync($"/Account/ConfirmEmail?userId={Guid.NewGuid()}&code={wrongCode}");
        var knownUserWrongCode = await browser.GetAsync($"/Account/ConfirmEmail?userId={user.Id}&code={wrongCode}");

        Assert.Equal(HttpStatusCode.BadRequest, unknownUser.Status);
        Assert.Equal(unknownUser.Status, knownUserWrongCode.Status);
        Assert.Equal(Message(unknownUser.Html), Message(knownUserWrongCode.Html));
        Assert.Contains("not valid or has expired", Message(unknownUser.Html));
        Assert.DoesNotContain(user.Id, knownUserWrongCode.Html);
        Assert.False(await IsConfirmedAsync(user.Id));

        string token;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            token = await users.GenerateEmailConfirmationTokenAsync((await users.FindByIdAsync(user.Id))!);
        }
        var genuine = await browser.GetAsync($"/Account/ConfirmEmail?userId={user.Id}&code={Encode(token)}");

        Assert.Equal(HttpStatusCode.OK, genuine.Status);
        Assert.Contains("Thank you for confirming your email.", genuine.Html);
        Assert.True(await IsConfirmedAsync(user.Id));
    }

    private static string Encode(string code) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(code));

    private static string Message(string html)
    {
        var start = html.IndexOf("Error:", StringComparison.Ordinal);
        Assert.True(start >= 0, "the page shows an error message");
        return html[start..html.IndexOf('<', start)];
    }

    private async Task<ApplicationUser> CreateUnconfirmedUserAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"confirm-{Guid.NewGuid():N}@example.com";
        var user = new ApplicationUser { UserName = email, Email = email };
        Assert.True((await users.CreateAsync(user, "Correct-Horse-9")).Succeeded);
        return user;
    }

    private async Task<bool> IsConfirmedAsync(string userId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return (await users.FindByIdAsync(userId))!.EmailConfirmed;
    }
}
