using DemoSaaS.E2E.Infrastructure;
using Microsoft.Playwright;

namespace DemoSaaS.E2E;

/// <summary>Signing up on PRO with each of the gateway's test card types; Cheddar records the type and last four.</summary>
public sealed class PaidSignupWithEachCardTypeJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    public static TheoryData<string> Cards => [.. TestCard.All.Select(card => card.Name)];

    [Theory]
    [MemberData(nameof(Cards))]
    public async Task Signing_up_on_PRO_with_a_test_card_puts_that_card_type_on_the_cheddar_subscription(string cardName)
    {
        var card = TestCard.All.Single(c => c.Name == cardName);
        var visitor = Visitor.New(card.Name);

        await SubmitSignupAsync(new SignupDetails { Visitor = visitor, Plan = "PRO", Card = card });

        await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("RegisterConfirmation"));
        await CheckpointAsync("check-your-email");

        var subscription = (await Sandbox.CustomerOfAsync(visitor.Email)).CurrentSubscription!;
        Assert.Equal("PRO", subscription.Plan.Code);
        Assert.Equal(card.CheddarType, subscription.CcType);
        Assert.Equal(card.LastFour, subscription.CcLastFour);
        Assert.Null(subscription.CanceledDatetime);
    }
}
