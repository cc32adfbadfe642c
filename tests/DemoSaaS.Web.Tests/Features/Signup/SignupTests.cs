using System.Net;
using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Features.Signup;

/// <summary>Signup creates the local user and the Cheddar customer together, or neither.</summary>
public sealed class SignupTests : IAsyncLifetime
{
    private BillingAppFactory _app = default!;

    public async ValueTask InitializeAsync() => _app = await new BillingAppFactory().StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Free_signup_creates_the_user_and_a_Cheddar_customer_coded_by_the_user_id()
    {
        var email = NewEmail();

        var result = await SignupPage.SubmitAsync(_app, SignupPage.Fields(email, "FREE"));

        result.AssertSignedUp();
        var user = await FindUserAsync(email);
        Assert.NotNull(user);
        Assert.False(user.EmailConfirmed);
        var customer = await _app.GetCustomerAsync(user.Id);
        Assert.Equal(user.Id, customer.Code);
        Assert.Equal(email, customer.Email);
        Assert.Equal("FREE", customer.CurrentSubscription!.Plan.Code);
        Assert.Empty(await _app.WithDbAsync(db => db.PendingSignups.ToListAsync(Cancel)));
    }

    [Fact]
    public async Task Pro_signup_with_a_card_and_coupon_creates_both_and_keeps_only_the_cards_last_four()
    {
        var email = NewEmail();

        var result = await SignupPage.SubmitAsync(_app, SignupPage.Fields(email, "PRO", coupon: "LAUNCH20"));

        result.AssertSignedUp();
        var user = await FindUserAsync(email);
        Assert.NotNull(user);
        var subscription = (await _app.GetCustomerAsync(user.Id)).CurrentSubscription!;
        Assert.Equal("PRO", subscription.Plan.Code);
        Assert.Equal("1111", subscription.CcLastFour);
        Assert.True(subscription.IsActive(DateTimeOffset.UtcNow));
        Assert.DoesNotContain(CheddarTestData.TestCard, await TestDatabase.ReadAtRestAsync(_app.DatabasePath));
    }

    [Fact]
    public async Task A_declined_card_shows_Cheddars_reason_at_the_card_and_creates_nothing()
    {
        var email = NewEmail();

        var result = await SignupPage.SubmitAsync(_app, SignupPage.Fields(email, "TEAM", zip: "06000"));

        Assert.True(result.Refused);
        Assert.Contains("The transaction was declined", SignupPage.FieldArea(result.Html, "signup-card-number"));
        Assert.Contains(email, result.Html);
        Assert.DoesNotContain(CheddarTestData.TestCard, result.Html);
        Assert.DoesNotContain("Correct-Horse-9", result.Html);
        await AssertNothingCreatedAsync(email);
    }

    [Fact]
    public async Task An_unknown_coupon_shows_Cheddars_reason_at_the_coupon_and_creates_nothing()
    {
        var email = NewEmail();

        var result = await SignupPage.SubmitAsync(_app, SignupPage.Fields(email, "PRO", coupon: "NOPE"));

        Assert.True(result.Refused);
        Assert.Contains("not a valid coupon", SignupPage.FieldArea(result.Html, "signup-coupon"));
        Assert.Contains("value=\"NOPE\"", result.Html);
        await AssertNothingCreatedAsync(email);
    }

    [Fact]
    public async Task Missing_card_fields_for_a_paid_plan_are_reported_per_field_before_Cheddar_is_called()
    {
        var email = NewEmail();
        var fields = SignupPage.Fields(email, "PRO");
        fields["CardNumber"] = "";
        fields["CardExpiry"] = "13/2020";
        var creates = _app.CheddarCalls.Count("customers/new");

        var result = await SignupPage.SubmitAsync(_app, fields);

        Assert.True(result.Refused);
        Assert.Contains("Enter your card number", SignupPage.FieldArea(result.Html, "signup-card-number"));
        Assert.Contains("MM/YYYY", SignupPage.FieldArea(result.Html, "signup-card-expiry"));
        Assert.Equal(creates, _app.CheddarCalls.Count("customers/new"));
        await AssertNothingCreatedAsync(email);
    }

    [Fact]
    public async Task An_email_already_registered_is_refused_without_calling_Cheddar()
    {
        var email = NewEmail();
        (await SignupPage.SubmitAsync(_app, SignupPage.Fields(email, "FREE"))).AssertSignedUp();
        var creates = _app.CheddarCalls.Count("customers/new");

        var again = await SignupPage.SubmitAsync(_app, SignupPage.Fields(email.ToUpperInvariant(), "FREE"));

        Assert.True(again.Refused);
        Assert.Contains("already exists", SignupPage.FieldArea(again.Html, "signup-email"));
        Assert.Equal(creates, _app.CheddarCalls.Count("customers/new"));
    }

    [Theory]
    [InlineData("FirstName", "Ada\r\nBcc: x@example.com", "signup-first-name", "control characters")]
    [InlineData("LastName", "Love\u0007lace\t", "signup-last-name", "control characters")]
    [InlineData("FirstName", "ÄäÖöÜüßéèêëēėę€漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字", "signup-first-name", "40 characters")]
    [InlineData("Email", "'; DROP TABLE AspNetUsers; --", "signup-email", "valid email")]
    [InlineData("PlanCode", "GOLD", "plan-TEAM", "Choose one of the plans")]
    [InlineData("CouponCode", "LAUNCH20", "signup-coupon", "paid plans only")]
    public async Task Bad_input_gets_a_clear_message_at_its_field_and_changes_nothing(string field, string value, string inputId, string message)
    {
        var email = NewEmail();
        var fields = SignupPage.Fields(email, "FREE");
        fields[field] = value;
        var creates = _app.CheddarCalls.Count("customers/new");

        var result = await SignupPage.SubmitAsync(_app, fields);

        Assert.True(result.Refused, $"{(int)result.Status}: {result.Errors}");
        Assert.Contains(message, inputId.StartsWith("plan-", StringComparison.Ordinal) ? result.Errors : SignupPage.FieldArea(result.Html, inputId));
        Assert.Equal(creates, _app.CheddarCalls.Count("customers/new"));
        Assert.Null(await FindUserAsync(email));
    }

    [Fact]
    public async Task Markup_in_a_name_is_sent_as_text_and_shown_encoded()
    {
        var email = NewEmail();
        var fields = SignupPage.Fields(email, "FREE");
        fields["FirstName"] = "<script>alert(1)</script>";
        fields["Password"] = "short";

        var result = await SignupPage.SubmitAsync(_app, fields);

        Assert.True(result.Refused);
        Assert.DoesNotContain("<script>alert(1)</script>", result.Html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", result.Html);
    }

    [Fact]
    public async Task The_plan_can_be_preselected_from_the_pricing_page()
    {
        using var client = _app.CreateClient();
        var html = await client.GetStringAsync("/signup?plan=team", Cancel);

        Assert.Matches("id=\"plan-TEAM\"[^>]*checked|checked[^>]*id=\"plan-TEAM\"", html);
        Assert.Contains("__RequestVerificationToken", html);
    }

    private async Task AssertNothingCreatedAsync(string email)
    {
        Assert.Null(await FindUserAsync(email));
        Assert.Empty(await CheddarCustomersWithEmailAsync(email));
        Assert.Empty(await _app.WithDbAsync(db => db.PendingSignups.ToListAsync(Cancel)));
    }

    private async Task<ApplicationUser?> FindUserAsync(string email)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
    }

    private Task<IReadOnlyList<Customer>> CheddarCustomersWithEmailAsync(string email) =>
        _app.Services.GetRequiredService<ICheddarCustomers>().ListAsync(new CustomerListFilter { Search = email }, Cancel);

    private static string NewEmail() => $"signup-{Guid.NewGuid():N}@example.com";
}
