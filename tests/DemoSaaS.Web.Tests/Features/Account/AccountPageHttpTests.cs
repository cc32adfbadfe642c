using System.Net;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DemoSaaS.Web.Tests.Features.Account;

/// <summary>/account over HTTP: only for signed-in users, and rendered from the user's own Cheddar customer.</summary>
public sealed class AccountPageHttpTests(DemoSaaSWebFactory factory) : IClassFixture<DemoSaaSWebFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_visitor_who_is_not_signed_in_is_sent_to_the_login_page()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/account", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_signed_in_user_sees_their_own_plan_status_and_card_from_cheddar()
    {
        var (client, userId) = await SignedInClient.CreateAsync(factory, $"acct-{Guid.NewGuid():N}@example.com");
        await new AccountSandbox(factory).CreateCustomerAsync("TEAM", code: userId);

        var html = await client.GetStringAsync("/account", Ct);

        Assert.Contains("data-testid=\"status-chip\"", html);
        Assert.Contains(">Active<", html.Replace(" ", "").Replace("\n", ""));
        Assert.Contains("Visa ending <b>1111</b>", html);
        Assert.Contains("Team", html);
        client.Dispose();
    }
}
