using System.Text.RegularExpressions;
using DemoSaaS.E2E.Infrastructure;
using DemoSaaS.Web.Features.DemoUsers;

namespace DemoSaaS.E2E;

/// <summary>
/// A newcomer's first minute: the app printed one password for its demo users, and each logs in with it and finds
/// its plan on /account — FREE as signed up, PRO with a card and a paid invoice, TEAM with usage.
/// </summary>
public sealed class DemoUsersJourney(DemoUsersAppServer app, BrowserSession browser) : Journey(app, browser), IClassFixture<DemoUsersAppServer>
{
    [Theory]
    [InlineData("FREE")]
    [InlineData("PRO")]
    [InlineData("TEAM")]
    public async Task Each_demo_user_logs_in_with_the_printed_password_and_sees_its_plan_on_the_account_page(string planCode)
    {
        var password = await app.PrintedPasswordAsync();
        var demo = DemoUser.All.Single(d => d.PlanCode == planCode);

        await SubmitLoginAsync(demo.Email, password);
        await Assertions.Expect(Page).Not.ToHaveURLAsync(new Regex("/Account/Login"));
        await PassThroughAsync();
        await OpenAccountAsync();

        var planName = planCode[0] + planCode[1..].ToLowerInvariant();
        await Assertions.Expect(Page.GetByTestId("plan-panel")).ToContainTextAsync(planName);
        if (planCode != "FREE")
        {
            await Assertions.Expect(Page.GetByTestId("invoice-status").Filter(new() { HasText = "Paid" })).Not.ToHaveCountAsync(0);
            await Assertions.Expect(Page.GetByTestId("payment-panel")).ToContainTextAsync("1111");
        }
        if (planCode == "TEAM")
        {
            await Assertions.Expect(Page.GetByTestId("usage-REPORTS").GetByTestId("usage-text")).ToContainTextAsync("3 of 5000 used");
        }
        await CheckpointAsync($"account-{planCode.ToLowerInvariant()}");

        var customer = await Sandbox.CustomerOfAsync(demo.Email);
        Assert.Equal(planCode, customer.CurrentSubscription!.Plan.Code);
    }
}
