using System.Net;

namespace DemoSaaS.Web.Tests.Security;

/// <summary>Password guessing is slowed per client address: a burst of login posts gets 429, the form itself still shows.</summary>
public sealed class CredentialRateLimitTests
{
    [Fact]
    public async Task A_burst_of_login_submissions_gets_429_after_the_limit_while_the_login_page_still_shows()
    {
        await using var app = await new SecurityAppFactory(new Dictionary<string, string?> { ["Security:CredentialPermitsPerMinute"] = "3" }).StartAsync();
        using var browser = new AnonymousBrowser(app.ClientOptions.BaseAddress);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var attempt = await browser.SubmitAsync("/Account/Login", "login", new Dictionary<string, string>
            {
                ["Input.Email"] = "nobody@example.com",
                ["Input.Password"] = $"guess-{i}",
            });
            statuses.Add(attempt.Status);
            if (attempt.Status == HttpStatusCode.TooManyRequests)
            {
                Assert.Contains("Too many requests", attempt.Html);
            }
        }
        var form = await browser.GetAsync("/Account/Login");
        using var reset = await browser.Client.PostAsync("/Account/ForgotPassword", new FormUrlEncodedContent([KeyValuePair.Create("Input.Email", "a@example.com")]), TestContext.Current.CancellationToken);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, reset.StatusCode);
    }
}
