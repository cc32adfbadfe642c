using DemoSaaS.Cheddar.Requests;
using DemoSaaS.Cheddar.Tests.Sandbox;

namespace DemoSaaS.Cheddar.Tests.Api;

/// <summary>
/// The derived state helpers (trial, past due, active) read against the sandbox's billing clock as it moves.
/// Its own sandbox, because these tests move the clock.
/// </summary>
public sealed class BillingLifecycleTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pro_trial_ends_with_a_paid_discounted_first_invoice_and_a_failing_card_goes_past_due()
    {
        using var control = sandbox.CreateControlClient();
        var clock = new SandboxClock(control);
        var good = (await sandbox.Customers.CreateAsync(Signups.Paid(Signups.NewCode("trial"), coupon: "LAUNCH20"), Ct)).Code;
        var failing = (await sandbox.Customers.CreateAsync(Signups.Paid(Signups.NewCode("dunning"), zip: "16000"), Ct)).Code;
        var start = await clock.NowAsync();
        Assert.True((await sandbox.Customers.GetAsync(good, Ct)).CurrentSubscription!.IsInTrial(start));

        var afterTrial = await clock.AdvanceDaysAsync(15);

        var paid = (await sandbox.Customers.GetAsync(good, Ct)).CurrentSubscription!;
        Assert.True(paid.IsActive(afterTrial));
        Assert.False(paid.IsInTrial(afterTrial));
        Assert.False(paid.IsPastDue(afterTrial));
        var firstBill = Assert.Single(paid.Invoices, i => i.IsPaid);
        var payment = Assert.Single(firstBill.Transactions, t => t.IsApproved);
        Assert.Equal(firstBill.Total, payment.Amount);
        Assert.True(payment.Amount < 19.00m, "LAUNCH20 discounts the first bill");

        var dunning = (await sandbox.Customers.GetAsync(failing, Ct)).CurrentSubscription!;
        Assert.True(dunning.IsActive(afterTrial));
        Assert.True(dunning.IsPastDue(afterTrial));
        Assert.Contains(dunning.OutstandingInvoices(afterTrial).SelectMany(i => i.Transactions), t => !t.IsApproved);

        await sandbox.Customers.EditSubscriptionAsync(failing, new EditSubscriptionRequest { CardHolder = new CardHolder { Zip = "12345" } }, Ct);
        var settled = await sandbox.Customers.RunOutstandingAsync(failing, cancellationToken: Ct);
        Assert.False(settled.CurrentSubscription!.IsPastDue(afterTrial));
    }
}
