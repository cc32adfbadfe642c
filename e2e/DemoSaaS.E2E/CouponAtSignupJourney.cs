using DemoSaaS.E2E.Infrastructure;

namespace DemoSaaS.E2E;

/// <summary>A launch coupon entered at signup is on the subscription and lowers the bill.</summary>
public sealed class CouponAtSignupJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    [Fact]
    public async Task A_coupon_entered_at_signup_is_shown_on_the_account_and_held_by_cheddar()
    {
        var visitor = Visitor.New("Coupon");

        await SignUpAsync(new SignupDetails { Visitor = visitor, Plan = "PRO", Card = TestCard.Visa, Coupon = "LAUNCH20" }, "filled-in");
        await ConfirmEmailAsync(visitor);
        await LogInAsync(visitor);
        await OpenAccountAsync();

        await Assertions.Expect(Page.GetByTestId("coupon-on-file")).ToHaveTextAsync("Coupon LAUNCH20 applies.");
        await CheckpointAsync("account");

        var subscription = (await Sandbox.CustomerOfAsync(visitor.Email)).CurrentSubscription!;
        Assert.Equal("LAUNCH20", subscription.CouponCode);
        Assert.Equal("PRO", subscription.Plan.Code);
    }
}
