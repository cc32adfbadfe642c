using System.Net;
using System.Text;
using DemoSaaS.Web.Tests.Infrastructure;

namespace DemoSaaS.Web.Tests.Features.Signup;

/// <summary>Signup submissions and webhook posts are rate-limited per client address.</summary>
public sealed class SignupRateLimitTests
{
    [Fact]
    public async Task Signup_submissions_beyond_the_limit_get_429_while_the_form_still_shows()
    {
        await using var app = await new BillingAppFactory(new Dictionary<string, string?>
        {
            ["Signup:PermitsPerMinute"] = "2",
            ["Billing:WebhookPermitsPerMinute"] = "2",
        }).StartAsync();

        // Webhooks first: the signups below make the sandbox post webhooks from the same loopback address.
        using var client = app.CreateClient();
        var webhooks = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsync("/webhooks/cheddar", new StringContent("{}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            webhooks.Add(response.StatusCode);
        }
        var first = await SignupPage.SubmitAsync(app, SignupPage.Fields($"rate-{Guid.NewGuid():N}@example.com", "FREE"));
        var second = await SignupPage.SubmitAsync(app, SignupPage.Fields("not-an-email", "FREE"));
        var third = await SignupPage.SubmitAsync(app, SignupPage.Fields($"rate-{Guid.NewGuid():N}@example.com", "FREE"));
        using var form = await client.GetAsync("/signup", TestContext.Current.CancellationToken);

        first.AssertSignedUp();
        Assert.True(second.Refused);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.Status);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], webhooks);
    }
}
