using System.Net;
using System.Text.RegularExpressions;
using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Benchmarks.Infrastructure;

/// <summary>A confirmed user with a Cheddar customer on PRO (its trial: reports allowed, overage billed), signed in through the real login form.</summary>
public sealed partial class BenchmarkUser : IDisposable
{
    public const string Password = "Bench-Passw0rd!";

    private BenchmarkUser(string userId, CookieContainer cookies, HttpClient client)
    {
        UserId = userId;
        Cookies = cookies;
        Client = client;
    }

    /// <summary>The Identity user id, which is also the Cheddar customer code.</summary>
    public string UserId { get; }

    public CookieContainer Cookies { get; }

    /// <summary>An HTTP client to the app that carries the sign-in cookie; redirects are not followed.</summary>
    public HttpClient Client { get; }

    public static async Task<BenchmarkUser> CreateAsync(BenchmarkApp app, CancellationToken cancellationToken)
    {
        var email = $"bench-{Guid.NewGuid():N}@example.com";
        string userId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            }
            userId = user.Id;
        }
        await CreateCustomerAsync(app, userId, cancellationToken);

        var cookies = new CookieContainer();
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        var loginPage = await client.GetStringAsync("/Account/Login", cancellationToken);
        using var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(loginPage),
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
        }), cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect || cookies.GetCookies(app.BaseAddress).Count == 0)
        {
            throw new InvalidOperationException($"Signing in answered {(int)response.StatusCode} without a redirect and cookie.");
        }
        return new BenchmarkUser(userId, cookies, client);
    }

    /// <summary>A Cheddar customer on PRO with code <paramref name="customerCode"/>, through the app's own Cheddar client.</summary>
    public static Task CreateCustomerAsync(BenchmarkApp app, string customerCode, CancellationToken cancellationToken) =>
        app.Services.GetRequiredService<ICheddarCustomers>().CreateAsync(new NewCustomerRequest
        {
            Code = customerCode,
            FirstName = "Bench",
            LastName = "User",
            Email = $"{customerCode}@example.com",
            Subscription = new NewSubscriptionRequest { PlanCode = "PRO" },
        }, cancellationToken);

    public void Dispose() => Client.Dispose();

    private static string AntiforgeryToken(string html) =>
        WebUtility.HtmlDecode(TokenPattern().Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The login page has no antiforgery token."));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
