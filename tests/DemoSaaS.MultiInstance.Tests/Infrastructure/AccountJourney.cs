using System.Net;
using System.Text.RegularExpressions;
using DemoSaaS.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.MultiInstance.Tests.Infrastructure;

/// <summary>
/// A user's way in, through the real static forms of one instance: sign up on /signup (with Cheddar), confirm the
/// email as the mailed link would, log in on /Account/Login and keep the cookie.
/// </summary>
public static partial class AccountJourney
{
    public const string Password = "Correct-Horse-9";
    public const string TestCard = "4111111111111111";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A fresh address no other test uses.</summary>
    public static string NewEmail(string who = "user") => $"{who}-{Guid.NewGuid():N}@example.com";

    /// <summary>
    /// Signs up on <paramref name="instance"/> with a card (for paid plans) and confirms the email; returns the user id,
    /// which is also the Cheddar customer code.
    /// </summary>
    public static async Task<string> SignUpAsync(AppInstance instance, string email, string plan = "PRO")
    {
        using var client = instance.CreateBrowserClient();
        var form = await client.GetStringAsync("/signup", Cancel);
        var values = HiddenInput().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        values["Input.Email"] = email;
        values["Input.Password"] = Password;
        values["Input.FirstName"] = "Ada";
        values["Input.LastName"] = "Lovelace";
        values["Input.PlanCode"] = plan;
        if (plan != "FREE")
        {
            values["Input.CardNumber"] = TestCard;
            values["Input.CardExpiry"] = $"12/{DateTime.UtcNow.Year + 3}";
            values["Input.CardCvv"] = "123";
            values["Input.CardZip"] = "12345";
        }
        using var response = await client.PostAsync("/signup", new FormUrlEncodedContent(values), Cancel);
        var html = await response.Content.ReadAsStringAsync(Cancel);
        var signedUp = (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("Account/RegisterConfirmation", StringComparison.Ordinal) == true)
            || (response.StatusCode == HttpStatusCode.OK && html.Contains("<title>Check your email · Awesome Reports</title>", StringComparison.Ordinal));
        Assert.True(signedUp, $"Signup of {email} on instance {instance.Name} did not succeed ({(int)response.StatusCode}): "
            + string.Join(" | ", ErrorText().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["text"].Value))));

        await using var scope = instance.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No user {email} after signup.");
        Assert.True((await users.ConfirmEmailAsync(user, await users.GenerateEmailConfirmationTokenAsync(user))).Succeeded);
        return user.Id;
    }

    /// <summary>
    /// Logs in through <paramref name="instance"/>'s login form; the client keeps the auth cookie (in
    /// <paramref name="cookies"/> when given, e.g. one jar for clients of several instances, as one browser behind a
    /// balancer) and follows no redirects.
    /// </summary>
    public static async Task<HttpClient> SignInAsync(AppInstance instance, string email, string password = Password, CookieContainer? cookies = null)
    {
        var client = instance.CreateBrowserClient(cookies);
        var token = AntiforgeryToken(await client.GetStringAsync("/Account/Login", Cancel));
        using var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }), Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"Login of {email} on instance {instance.Name} answered {(int)response.StatusCode}, not a redirect: "
            + string.Join(" | ", PageMessage().Matches(await response.Content.ReadAsStringAsync(Cancel)).Select(m => WebUtility.HtmlDecode(m.Groups["text"].Value.Trim()))));
        return client;
    }

    /// <summary>True when <paramref name="client"/> is signed in: the account page opens instead of the login form.</summary>
    public static async Task<bool> IsSignedInAsync(HttpClient client)
    {
        using var account = await client.GetAsync("/account", Cancel);
        return account.StatusCode == HttpStatusCode.OK
            && (await account.Content.ReadAsStringAsync(Cancel)).Contains("<title>Account · Awesome Reports</title>", StringComparison.Ordinal);
    }

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static string AntiforgeryToken(string html) =>
        WebUtility.HtmlDecode(TokenPattern().Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The page has no antiforgery token."));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();

    [GeneratedRegex("class=\"[^\"]*(?:alert|validation-message|validation-summary|error)[^\"]*\"[^>]*>(?<text>[^<]+)<")]
    private static partial Regex PageMessage();

    [GeneratedRegex("class=\"(?:form-error|field-error)[^\"]*\"[^>]*>(?<text>[^<]*)<")]
    private static partial Regex ErrorText();
}
