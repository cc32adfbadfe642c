using System.Net;
using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Features.Signup;

/// <summary>When Cheddar is slow, fails, or its answer is lost, signup leaves nothing behind on either side.</summary>
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

    [Theory]
    [InlineData("{\"path\":\"customers/new\",\"kind\":\"latency\",\"latencyMs\":2500,\"count\":1}")]
    [InlineData("{\"path\":\"customers/new\",\"kind\":\"hang\",\"hangMs\":3000,\"count\":1}")]
    [InlineData("{\"path\":\"customers/new\",\"kind\":\"applyThenFail\",\"drop\":true,\"count\":1}")]
    [InlineData("{\"path\":\"customers/new\",\"kind\":\"applyThenFail\",\"status\":500,\"count\":1}")]
    [InlineData("{\"path\":\"customers/new\",\"kind\":\"status\",\"status\":503,\"count\":1}")]
    public async Task A_signup_whose_Cheddar_outcome_is_unknown_leaves_no_user_and_no_customer(string fault)
    {
        var email = $"slow-{Guid.NewGuid():N}@example.com";
        await _app.AddFaultAsync(fault);

        var result = await SignupPage.SubmitAsync(_app, SignupPage.Fields(email, "PRO"));

        Assert.True(result.Refused);
        Assert.Contains("did not answer in time", result.Html);
        Assert.DoesNotContain(CheddarTestData.TestCard, result.Html);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email));
        }
        // A customers/new still running at Cheddar may create the customer late; the cleanup removes it once settled.
        var customers = _app.Services.GetRequiredService<ICheddarCustomers>();
        await Eventually.TrueAsync(async () =>
                (await customers.ListAsync(new CustomerListFilter { Search = email }, Cancel)).Count == 0
                && !await _app.WithDbAsync(db => db.PendingSignups.AnyAsync(Cancel)),
            TimeSpan.FromSeconds(20), "no Cheddar customer and no pending signup remain");
        await Task.Delay(3000, Cancel);
        Assert.Empty(await customers.ListAsync(new CustomerListFilter { Search = email }, Cancel));
    }
}
