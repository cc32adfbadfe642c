using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.Web.Tests.Features.Signup;

/// <summary>When Cheddar is slow or fails and never creates the customer, signup leaves nothing behind and the user may simply try again.</summary>
public sealed class SignupTimeoutTests : IAsyncLifetime
{
    private BillingAppFactory _app = default!;

    public async ValueTask InitializeAsync() => _app = await new BillingAppFactory(new Dictionary<string, string?>
    {
        ["Signup:CheddarTimeout"] = "00:00:01",
        ["Signup:SettleTime"] = "00:00:02",
    }).StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // No "latency" case: the sandbox carries a slow call out even after the client left (as a real server does), so a
    // latency fault is a late apply, which SignupRollForwardTests covers; one longer than the settle time would break
    // the settle time's premise (ADR 0009), not test it — it did, racing the test's own look-up at 2.5 s.
    [Theory]
    [InlineData("{\"path\":\"customers/new\",\"kind\":\"hang\",\"hangMs\":3000,\"count\":1}")]
    [InlineData("{\"path\":\"customers/new\",\"kind\":\"status\",\"status\":503,\"count\":1}")]
    public async Task A_signup_Cheddar_never_created_leaves_nothing_and_the_user_may_try_again(string fault)
    {
        var email = $"slow-{Guid.NewGuid():N}@example.com";
        await _app.AddFaultAsync(fault);
        var deletes = _app.CheddarCalls.Count("customers/delete");

        var result = await SignupPage.SubmitAsync(_app, SignupPage.Fields(email, "PRO"));

        // Cheddar was looked up, not told to delete: a bare delete is never the answer to an unknown outcome.
        Assert.Equal(deletes, _app.CheddarCalls.Count("customers/delete"));
        Assert.True(result.Refused, $"{(int)result.Status}: {result.Errors}");
        Assert.Contains("did not answer in time", result.Html);
        Assert.Contains("nothing was charged", result.Html);
        Assert.DoesNotContain(CheddarTestData.TestCard, result.Html);
        Assert.Null(await SignupAccount.FindUserAsync(_app, email));
        Assert.Empty(await SignupAccount.CheddarCustomersAsync(_app, email));
        // Settled before the answer: the email is free again at once.
        Assert.False(await _app.WithDbAsync(db => db.PendingSignups.AnyAsync(Cancel)));

        var again = await SignupPage.SubmitAsync(_app, SignupPage.Fields(email, "PRO"));

        again.AssertSignedUp();
        var user = await SignupAccount.FindUserAsync(_app, email);
        Assert.NotNull(user);
        Assert.Equal(user.Id, Assert.Single(await SignupAccount.CheddarCustomersAsync(_app, email)).Code);
    }
}
