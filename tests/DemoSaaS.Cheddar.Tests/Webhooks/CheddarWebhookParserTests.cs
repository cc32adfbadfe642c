using System.Text;
using DemoSaaS.Cheddar.Tests.Fixtures;
using DemoSaaS.Cheddar.Webhooks;

namespace DemoSaaS.Cheddar.Tests.Webhooks;

public sealed class CheddarWebhookParserTests
{
    private readonly CheddarWebhookParser _parser = new();

    [Fact]
    public void A_transaction_event_carries_customer_invoice_and_transaction()
    {
        var hook = _parser.Parse(FixtureFiles.Bytes("webhook-transaction.json"));

        Assert.Equal(CheddarActivityType.Transaction, hook.ActivityType);
        Assert.Equal("8f0c6a1e-5d2b-4c3a-9e8f-000000000001", hook.ActivityId);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 18, 0, 0, TimeSpan.Zero), hook.ActivityDatetime);
        Assert.Equal("DEMOSAAS", hook.Product!.Code);
        Assert.Equal("acme-42", hook.Customer!.Code);
        Assert.Null(hook.Customer.Company);
        Assert.Equal("42", Assert.Single(hook.Customer.MetaData).Value);
        Assert.Equal(("PRO", 19.00m), (hook.Subscription!.Plan!.Code, hook.Subscription.Plan.RecurringChargeAmount));
        Assert.Null(hook.Subscription.CanceledDatetime);
        Assert.Equal(12, hook.Invoice!.Number);
        Assert.Equal(19.00m, Assert.Single(hook.Invoice.Charges).EachAmount);
        Assert.Equal((19.00m, true), (hook.Transaction!.Amount, hook.Transaction.IsApproved));
        Assert.Null(hook.PreviousSubscription);
    }

    [Fact]
    public void A_plan_change_carries_the_previous_subscription()
    {
        var hook = _parser.Parse(FixtureFiles.Bytes("webhook-subscription-changed.json"));

        Assert.Equal(CheddarActivityType.SubscriptionChanged, hook.ActivityType);
        Assert.Equal("TEAM", hook.Subscription!.Plan!.Code);
        Assert.Null(hook.Invoice);
        Assert.Equal(("PRO", "customer"), (hook.PreviousSubscription!.Plan!.Code, hook.PreviousSubscription.CancelType));
    }

    [Fact]
    public void An_unknown_activity_type_is_surfaced_as_unknown_with_its_name()
    {
        var hook = _parser.Parse("""{"activityType":"billReminder","activityId":"a1","customer":{"code":"c1"}}"""u8);

        Assert.Equal(CheddarActivityType.Unknown, hook.ActivityType);
        Assert.Equal("billReminder", hook.ActivityTypeName);
        Assert.Equal("c1", hook.Customer!.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"activityId":"no-type"}""")]
    [InlineData("""{"activityType":"transaction","activityDatetime":"yesterday"}""")]
    [InlineData("""{"activityType":"transaction","subscription":{"invoice":{"transaction":{"id":"t","amount":"lots"}}}}""")]
    public void Malformed_bodies_are_rejected_with_a_webhook_error(string body)
    {
        var error = Assert.Throws<CheddarWebhookException>(() => _parser.Parse(Encoding.UTF8.GetBytes(body)));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }
}
