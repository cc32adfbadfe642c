using DemoSaaS.Web.Data;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Features.Signup;

/// <summary>
/// Once Cheddar may have charged a signup, the signup rolls forward: the account is completed, the customer is never
/// deleted, and the user is never asked to pay again.
/// </summary>
public sealed class SignupRollForwardTests : IAsyncLifetime
{
    private BillingAppFactory _app = default!;

    public async ValueTask InitializeAsync() => _app = await new BillingAppFactory(new Dictionary<string, string?>
    {
        ["Signup:CheddarTimeout"] = "00:00:02",
        ["Signup:SettleTime"] = "00:00:02",
    }).StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("{\"path\":\"customers/new\",\"kind\":\"applyThenFail\",\"count\":1}")]
    [InlineData("{\"path\":\"customers/new\",\"kind\":\"applyThenFail\",\"status\":503,\"count\":1}")]
    [InlineData("{\"path\":\"customers/new\",\"kind\":\"applyThenFail\",\"drop\":true,\"count\":1}")]
    public async Task A_paid_signup_whose_answer_is_lost_after_the_charge_is_completed_not_deleted(string fault)
    {
        var email = NewEmail();
        await _app.AddFaultAsync(fault);

        var result = await SignupPage.SubmitAsync(_app, SignupPage.Fields(email, "TEAM"));

        result.AssertSignedUp();
        var user = await SignupAccount.FindUserAsync(_app, email);
        Assert.NotNull(user);
        Assert.True(await SignupAccount.CanLogInAsync(_app, email), "the user can log in with the password chosen at signup");
        var customer = Assert.Single(await SignupAccount.CheddarCustomersAsync(_app, email));
        Assert.Equal(user.Id, customer.Code);
        Assert.Equal("TEAM", customer.CurrentSubscription!.Plan.Code);
        Assert.Equal(49.00m, Assert.Single(SignupAccount.ApprovedTransactions(customer)).Amount);
        Assert.False(await _app.WithDbAsync(db => db.PendingSignups.AnyAsync(Cancel)));
        await Eventually.TrueAsync(async () => (await SignupAccount.WebhooksAsync(_app, user.Id)).Contains("transaction"),
            TimeSpan.FromSeconds(10), "the charge's webhook was logged");
        await Task.Delay(1000, Cancel);
        Assert.DoesNotContain("customerDeleted", await SignupAccount.WebhooksAsync(_app, user.Id));
    }

    [Fact]
    public async Task Two_submits_of_one_paid_form_at_once_make_one_customer_and_one_charge()
    {
        var email = NewEmail();
        // Cheddar is slow, so the second submit arrives while the first is still at Cheddar.
        await _app.AddFaultAsync("{\"path\":\"customers/new\",\"kind\":\"latency\",\"latencyMs\":1000,\"count\":2}");
        var creates = _app.CheddarCalls.Count("customers/new");

        var results = await Task.WhenAll(
            SignupPage.SubmitAsync(_app, SignupPage.Fields(email, "TEAM")),
            SignupPage.SubmitAsync(_app, SignupPage.Fields(email, "TEAM")));

        Assert.All(results, r => r.AssertSignedUp());
        Assert.Equal(creates + 1, _app.CheddarCalls.Count("customers/new"));
        var user = await SignupAccount.FindUserAsync(_app, email);
        Assert.NotNull(user);
        var customer = Assert.Single(await SignupAccount.CheddarCustomersAsync(_app, email));
        Assert.Equal(user.Id, customer.Code);
        Assert.Single(SignupAccount.ApprovedTransactions(customer));
        Assert.True(await SignupAccount.CanLogInAsync(_app, email));
        Assert.False(await _app.WithDbAsync(db => db.PendingSignups.AnyAsync(Cancel)));
    }

    [Fact]
    public async Task A_second_signup_for_the_same_email_with_another_password_is_told_the_account_exists_and_charges_nothing()
    {
        var email = NewEmail();
        await _app.AddFaultAsync("{\"path\":\"customers/new\",\"kind\":\"latency\",\"latencyMs\":1000,\"count\":2}");
        var creates = _app.CheddarCalls.Count("customers/new");
        var other = SignupPage.Fields(email, "TEAM");
        other["Password"] = "Another-Horse-7";

        var first = SignupPage.SubmitAsync(_app, SignupPage.Fields(email, "TEAM"));
        await Eventually.TrueAsync(() => _app.WithDbAsync(db => db.PendingSignups.AnyAsync(Cancel)), TimeSpan.FromSeconds(10), "the first signup is at Cheddar");
        var second = await SignupPage.SubmitAsync(_app, other);

        (await first).AssertSignedUp();
        Assert.True(second.Refused, $"{(int)second.Status}: {second.Errors}");
        Assert.Contains("already exists", SignupPage.FieldArea(second.Html, "signup-email"));
        Assert.Equal(creates + 1, _app.CheddarCalls.Count("customers/new"));
        Assert.Single(SignupAccount.ApprovedTransactions(Assert.Single(await SignupAccount.CheddarCustomersAsync(_app, email))));
        Assert.False(await SignupAccount.CanLogInAsync(_app, email, "Another-Horse-7"));
    }

    [Fact]
    public async Task When_Cheddar_cannot_be_asked_after_a_lost_answer_the_cleanup_completes_the_charged_account()
    {
        var email = NewEmail();
        // The charge is made but its answer lost, and every lookup fails until the test lets Cheddar answer again.
        await _app.AddFaultAsync("{\"path\":\"customers/new\",\"kind\":\"applyThenFail\",\"count\":1}");
        await _app.AddFaultAsync("{\"path\":\"customers/get\",\"kind\":\"status\",\"status\":503,\"count\":100000}");

        var result = await SignupPage.SubmitAsync(_app, SignupPage.Fields(email, "TEAM"));

        Assert.True(result.Refused, $"{(int)result.Status}: {result.Errors}");
        Assert.Contains("do not sign up again", result.Html);
        Assert.Null(await SignupAccount.FindUserAsync(_app, email));
        Assert.True(await _app.WithDbAsync(db => db.PendingSignups.AnyAsync(Cancel)), "the unfinished signup is kept for the cleanup");
        // What the row keeps to finish the account is a password hash: never the password or the card.
        var stored = await TestDatabase.ReadAtRestAsync(_app.DatabasePath);
        Assert.Contains(email, stored);
        Assert.DoesNotContain(SignupAccount.Password, stored);
        Assert.DoesNotContain(CheddarTestData.TestCard, stored);
        await _app.ClearFaultsAsync();

        await Eventually.TrueAsync(async () => await SignupAccount.FindUserAsync(_app, email) is not null,
            TimeSpan.FromSeconds(30), "the cleanup completed the account");
        var user = await SignupAccount.FindUserAsync(_app, email);
        Assert.True(await SignupAccount.CanLogInAsync(_app, email), "the user can log in with the password chosen at signup");
        var customer = Assert.Single(await SignupAccount.CheddarCustomersAsync(_app, email));
        Assert.Equal(user!.Id, customer.Code);
        Assert.Single(SignupAccount.ApprovedTransactions(customer));
        Assert.False(await _app.WithDbAsync(db => db.PendingSignups.AnyAsync(Cancel)));
        Assert.DoesNotContain("customerDeleted", await SignupAccount.WebhooksAsync(_app, user.Id));
    }

    [Fact]
    public async Task When_the_account_cannot_be_created_after_the_charge_the_customer_is_kept_and_the_signup_parked()
    {
        var email = NewEmail();
        await _app.AddFaultAsync("{\"path\":\"customers/new\",\"kind\":\"latency\",\"latencyMs\":1500,\"count\":1}");
        var deletes = _app.CheddarCalls.Count("customers/delete");
        var signup = SignupPage.SubmitAsync(_app, SignupPage.Fields(email, "TEAM"));
        await Eventually.TrueAsync(() => _app.WithDbAsync(db => db.PendingSignups.AnyAsync(Cancel)), TimeSpan.FromSeconds(10), "the signup is at Cheddar");
        // While Cheddar charges, the email is taken by some other path (an operator's tool, an import): the account
        // cannot be created, but the customer has paid.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.CreateAsync(new ApplicationUser { UserName = email, Email = email }, "Other-Path-1")).Succeeded);
        }

        var result = await signup;

        Assert.Equal(deletes, _app.CheddarCalls.Count("customers/delete"));
        Assert.True(result.Refused, $"{(int)result.Status}: {result.Errors}");
        Assert.Contains("do not sign up again", result.Html);
        var customer = Assert.Single(await SignupAccount.CheddarCustomersAsync(_app, email));
        Assert.Single(SignupAccount.ApprovedTransactions(customer));
        // Parked where an operator finds it: the row stays, with the reason, and the cleanup keeps it.
        await Eventually.TrueAsync(() => _app.WithDbAsync(db => db.PendingSignups.AnyAsync(
                p => p.CustomerCode == customer.Code && p.LastError != null && p.LastError.Contains("DuplicateUserName"), Cancel)),
            TimeSpan.FromSeconds(15), "the cleanup recorded why the signup is parked");
        Assert.NotNull(await _app.GetCustomerAsync(customer.Code));
        Assert.DoesNotContain("customerDeleted", await SignupAccount.WebhooksAsync(_app, customer.Code));
    }

    private static string NewEmail() => $"rollforward-{Guid.NewGuid():N}@example.com";
}
