using DemoSaaS.E2E.Infrastructure;

namespace DemoSaaS.E2E;

/// <summary>Signing up on PRO with each of the gateway's test card types; Cheddar records the type and last four.</summary>
public sealed class PaidSignupWithEachCardTypeJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    public static TheoryData<string> Cards => [.. TestCard.All.Select(card => card.Name)];

    [Theory]
    [MemberData(nameof(Cards))]
    public async Task Signing_up_on_PRO_with_a_test_card_shows_that_card_on_the_account_and_in_cheddar(string cardName)
    {
        var card = TestCard.All.Single(c => c.Name == cardName);
        var visitor = Visitor.New(card.Name);

        await SignUpAsync(new SignupDetails { Visitor = visitor, Plan = "PRO", Card = card }, "filled-in");
        await CheckpointAsync("check-your-email");
        await ConfirmEmailAsync(visitor);
        await LogInAsync(visitor);

        await OpenAccountAsync();
        await Assertions.Expect(Page.GetByTestId("card-on-file")).ToContainTextAsync($"ending {card.LastFour}");
        await CheckpointAsync("account");

        var subscription = (await Sandbox.CustomerOfAsync(visitor.Email)).CurrentSubscription!;
        Assert.Equal("PRO", subscription.Plan.Code);
        Assert.Equal(card.CheddarType, subscription.CcType);
        Assert.Equal(card.LastFour, subscription.CcLastFour);
        Assert.Null(subscription.CanceledDatetime);
    }
}
