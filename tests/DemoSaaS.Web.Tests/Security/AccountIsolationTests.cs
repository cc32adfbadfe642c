using System.Net;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Account;
using DemoSaaS.Web.Features.Reports;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Security;

/// <summary>
/// Two paying users: whatever the second one puts in the URL or the form (the first one's user id, customer code or
/// report id), they only ever see and act on their own account; the customer code comes from the sign-in.
/// </summary>
public sealed class AccountIsolationTests : IClassFixture<RunningSecurityApp>
{
    private readonly SecurityAppFactory _app;

    public AccountIsolationTests(RunningSecurityApp running) => _app = running.App;

    [Fact]
    public async Task A_user_who_puts_another_users_customer_code_or_report_id_in_the_request_sees_and_changes_only_their_own()
    {
        var (alice, aliceId) = await SignUpAndSignInAsync("4111111111111111");
        var (bob, bobId) = await SignUpAndSignInAsync("5424000000000015");
        var aliceReport = await AddReportAsync(aliceId, "Alice's confidential numbers");
        using (alice)
        using (bob)
        {
            foreach (var query in new[] { "", $"?customerCode={aliceId}", $"?code={aliceId}&userId={aliceId}", $"?customer[code]={aliceId}" })
            {
                var account = await bob.GetAsync("/account" + query);
                Assert.Equal(HttpStatusCode.OK, account.Status);
                Assert.Contains("ending <b>0015</b>", account.Html);
                Assert.DoesNotContain("ending <b>1111</b>", account.Html);
            }

            var stolenView = await bob.GetAsync($"/reports/{aliceReport}");
            Assert.DoesNotContain("Alice's confidential numbers", WebUtility.HtmlDecode(stolenView.Html));
            var reportsPage = await bob.GetAsync("/reports");
            var token = AnonymousBrowser.HiddenFields(reportsPage.Html, "x").Single(f => f.Key == "__RequestVerificationToken").Value;
            using var stolenExport = await bob.Client.PostAsync($"/reports/{aliceReport}/export",
                new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", token)]), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, stolenExport.StatusCode);
            Assert.DoesNotContain("confidential", await stolenExport.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

            // The owner does see it: the refusal above is about ownership, not a broken page.
            var ownView = await alice.GetAsync($"/reports/{aliceReport}");
            Assert.Contains("Alice's confidential numbers", WebUtility.HtmlDecode(ownView.Html));
        }
        Assert.NotEqual(aliceId, bobId);
    }

    [Fact]
    public async Task A_card_change_with_bad_names_zip_number_or_code_is_refused_and_the_card_on_file_stays()
    {
        var (browser, userId) = await SignUpAndSignInAsync("4111111111111111");
        browser.Dispose();
        await using var scope = _app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var expiry = $"10/{DateTime.UtcNow.Year + 2}";
        CardForm Card(string field, string value) => new()
        {
            FirstName = field == "FirstName" ? value : "Iso",
            LastName = field == "LastName" ? value : "Lation",
            Number = field == "Number" ? value : "5424000000000015",
            Expiry = field == "Expiry" ? value : expiry,
            Cvv = field == "Cvv" ? value : "123",
            Zip = field == "Zip" ? value : "12345",
        };

        foreach (var field in new[] { "FirstName", "LastName", "Number", "Expiry", "Cvv", "Zip" })
        {
            foreach (var (name, value) in HostileValues.ByName.Where(v => v.Value is not null))
            {
                var result = await accounts.UpdateCardAsync(userId, Card(field, value!), TestContext.Current.CancellationToken);
                Assert.False(result.Succeeded, $"{field} = {name} was accepted.");
                Assert.False(string.IsNullOrWhiteSpace(result.Message));
            }
        }
        var overview = await accounts.LoadAsync(userId, TestContext.Current.CancellationToken);
        Assert.Equal("1111", overview.Card?.LastFour);
    }

    private async Task<(AnonymousBrowser Browser, string UserId)> SignUpAndSignInAsync(string card)
    {
        var email = $"isolation-{Guid.NewGuid():N}@example.com";
        var browser = new AnonymousBrowser(_app.ClientOptions.BaseAddress);
        var signup = await browser.SubmitAsync("/signup", "signup", new Dictionary<string, string>
        {
            ["Input.PlanCode"] = "PRO",
            ["Input.FirstName"] = "Iso",
            ["Input.LastName"] = "Lation",
            ["Input.Email"] = email,
            ["Input.Password"] = "Correct-Horse-9",
            ["Input.CardNumber"] = card,
            ["Input.CardExpiry"] = $"10/{DateTime.UtcNow.Year + 2}",
            ["Input.CardCvv"] = "123",
            ["Input.CardZip"] = "12345",
        });
        Assert.False(signup.Html.Contains("id=\"signup-error\"", StringComparison.Ordinal), AnonymousBrowser.Text(signup.Html));
        string userId;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByEmailAsync(email) ?? throw new Xunit.Sdk.XunitException($"Signup created no user: {AnonymousBrowser.Text(signup.Html)}");
            Assert.True((await users.ConfirmEmailAsync(user, await users.GenerateEmailConfirmationTokenAsync(user))).Succeeded);
            userId = user.Id;
        }
        var login = await browser.SubmitAsync("/Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "Correct-Horse-9",
        });
        Assert.Equal(HttpStatusCode.Redirect, login.Status);
        return (browser, userId);
    }

    /// <summary>Through the same service the Reports page calls, so gating and metering run as for a real report.</summary>
    private async Task<Guid> AddReportAsync(string userId, string title)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var reports = scope.ServiceProvider.GetRequiredService<ReportService>();
        var outcome = await reports.GenerateAsync(userId, new ReportRequest { Title = title, Kind = ReportSourceKind.Text, Data = "alpha beta beta gamma" },
            TestContext.Current.CancellationToken);
        Assert.True(outcome.Succeeded, outcome.InputError);
        return outcome.Report!.Id;
    }
}
