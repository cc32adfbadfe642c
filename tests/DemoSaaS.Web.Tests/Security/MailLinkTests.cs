using System.Net;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Mailbox;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Security;

/// <summary>
/// Links in mails carry a credential (a reset or confirmation token), so they come from App:PublicBaseUrl, never
/// from the request's Host header; outside Development a request for another host is refused outright.
/// </summary>
public sealed class MailLinkTests
{
    private const string PublicBaseUrl = "https://reports.demosaas.example/";

    [Fact]
    public async Task A_password_reset_asked_for_with_a_forged_Host_mails_a_link_to_the_configured_public_URL()
    {
        await using var app = await new SecurityAppFactory(new Dictionary<string, string?> { ["App:PublicBaseUrl"] = PublicBaseUrl }).StartAsync();
        var email = await CreateConfirmedUserAsync(app);

        var link = await AskForResetAsync(app, email, forgedHost: "evil.example");

        Assert.Equal(new Uri(PublicBaseUrl).GetLeftPart(UriPartial.Authority), link.GetLeftPart(UriPartial.Authority));
        Assert.Equal("/Account/ResetPassword", link.AbsolutePath);
        Assert.StartsWith("?code=", link.Query);
        Assert.DoesNotContain("evil.example", link.AbsoluteUri);
        // The link's path and token work on the app itself.
        using var browser = new AnonymousBrowser(app.ClientOptions.BaseAddress);
        var page = await browser.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Reset password", page.Html);
    }

    [Fact]
    public async Task In_Development_without_a_public_URL_mail_links_use_the_apps_own_address_not_a_forged_Host()
    {
        await using var app = await new SecurityAppFactory().StartAsync();
        var email = await CreateConfirmedUserAsync(app);

        var link = await AskForResetAsync(app, email, forgedHost: "evil.example");

        Assert.Equal(app.ClientOptions.BaseAddress.GetLeftPart(UriPartial.Authority), link.GetLeftPart(UriPartial.Authority));
    }

    [Fact]
    public async Task Outside_Development_a_request_for_another_host_is_refused()
    {
        await using var app = await SecurityAppFactory.ProductionDemo().StartAsync();
        using var client = new HttpClient { BaseAddress = app.ClientOptions.BaseAddress };
        var cancel = TestContext.Current.CancellationToken;

        using var forged = new HttpRequestMessage(HttpMethod.Get, "/Account/ForgotPassword") { Headers = { Host = "evil.example" } };
        using var forgedResponse = await client.SendAsync(forged, cancel);
        using var genuine = new HttpRequestMessage(HttpMethod.Get, "/Account/ForgotPassword") { Headers = { Host = "demosaas.example" } };
        using var genuineResponse = await client.SendAsync(genuine, cancel);

        Assert.Equal(HttpStatusCode.BadRequest, forgedResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, genuineResponse.StatusCode);
    }

    private static async Task<Uri> AskForResetAsync(SecurityAppFactory app, string email, string forgedHost)
    {
        using var browser = new AnonymousBrowser(app.ClientOptions.BaseAddress);
        browser.Client.DefaultRequestHeaders.Host = forgedHost;
        var sent = await browser.SubmitAsync("/Account/ForgotPassword", "forgot-password", [KeyValuePair.Create("Input.Email", email)]);
        Assert.Equal(HttpStatusCode.Redirect, sent.Status);
        var mail = Assert.Single(app.Services.GetRequiredService<DevMailbox>().List(email));
        return mail.Link!;
    }

    private static async Task<string> CreateConfirmedUserAsync(SecurityAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"reset-{Guid.NewGuid():N}@example.com";
        Assert.True((await users.CreateAsync(new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true }, "Correct-Horse-9")).Succeeded);
        return email;
    }
}
