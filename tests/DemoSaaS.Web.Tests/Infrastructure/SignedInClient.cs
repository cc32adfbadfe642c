using System.Net;
using System.Text.RegularExpressions;
using DemoSaaS.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Infrastructure;

/// <summary>Signs a confirmed user in through the real static login form and keeps the cookie.</summary>
public static partial class SignedInClient
{
    public const string Password = "Passw0rd!";

    public static async Task<(HttpClient Client, string UserId)> CreateAsync(WebApplicationFactory<Program> factory, string email)
    {
        string userId;
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
            var created = await users.CreateAsync(user, Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            userId = user.Id;
        }

        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var ct = TestContext.Current.CancellationToken;
        var token = AntiforgeryToken(await client.GetStringAsync("/Account/Login", ct));
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
        }), ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (client, userId);
    }

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static string AntiforgeryToken(string html) =>
        WebUtility.HtmlDecode(TokenPattern().Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The page has no antiforgery token."));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
