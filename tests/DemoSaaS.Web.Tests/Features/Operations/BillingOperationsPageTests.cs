using System.Net;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Features.Billing.Metering;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Features.Operations;

/// <summary>/admin/billing: parked batches are listed for the configured admin, both decisions work and are recorded, nobody else gets in.</summary>
public sealed class BillingOperationsPageTests : IAsyncLifetime
{
    private const string AdminEmail = "ops@example.com";
    private BillingAppFactory _app = default!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _app = await new BillingAppFactory(new Dictionary<string, string?>
    {
        ["Operations:AdminEmails:0"] = AdminEmail,
    }).StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_parked_batch_is_listed_and_both_decisions_work_and_are_recorded()
    {
        var applied = await ParkedCustomerAsync(uses: 2);
        var resent = await ParkedCustomerAsync(uses: 3);
        using var admin = await SignInAsync(AdminEmail);

        var page = await admin.GetStringAsync("/admin/billing", Cancel);
        Assert.Contains(applied.User, page);
        Assert.Contains(resent.User, page);
        Assert.Contains("REPORTS", page);
        Assert.Contains("Cheddar refused the batch", page);

        // Mark applied: the operator checked Cheddar counted it.
        page = await DecideAsync(admin, page, $"mark-applied:{applied.Batch}");
        Assert.Contains("Marked as applied", page);
        Assert.True(await AllAsync(applied.User, UsageState.Delivered));
        // Send again: the operator checked it did not; the uses reach Cheddar in a new batch.
        page = await DecideAsync(admin, page, $"send-again:{resent.Batch}");
        Assert.Contains("Sent again", page);
        await Eventually.TrueAsync(() => AllAsync(resent.User, UsageState.Delivered), TimeSpan.FromSeconds(10), "the uses sent again are delivered");
        Assert.Equal(3, await _app.QuantityAsync(resent.User, "REPORTS"));

        page = await admin.GetStringAsync("/admin/billing", Cancel);
        Assert.Contains("Nothing is parked.", page);
        Assert.Contains("mark applied", page);
        Assert.Contains("send again", page);
        Assert.Contains(AdminEmail, page);
        var actions = await _app.WithDbAsync(db => db.UsageBatchActions.OrderBy(a => a.Id).ToListAsync(Cancel));
        Assert.Collection(actions,
            a => Assert.Equal((applied.Batch, UsageBatchAction.MarkApplied, AdminEmail), (a.BatchId, a.Action, a.UserName)),
            a => Assert.Equal((resent.Batch, UsageBatchAction.SendAgain, AdminEmail), (a.BatchId, a.Action, a.UserName)));
    }

    [Fact]
    public async Task A_signed_in_user_who_is_not_an_admin_cannot_see_or_use_the_page()
    {
        var parked = await ParkedCustomerAsync(uses: 1);
        using var user = await SignInAsync("someone@example.com");

        using var get = await user.GetAsync("/admin/billing", Cancel);
        using var post = await user.PostAsync("/admin/billing", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "decide",
            ["Decision"] = $"mark-applied:{parked.Batch}",
        }), Cancel);

        foreach (var response in new[] { get, post })
        {
            var denied = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("/Account/AccessDenied", StringComparison.OrdinalIgnoreCase) == true);
            Assert.True(denied, $"{response.RequestMessage!.Method} answered {(int)response.StatusCode} {response.Headers.Location}");
            Assert.DoesNotContain(parked.User, await response.Content.ReadAsStringAsync(Cancel));
        }
        Assert.True(await AllAsync(parked.User, UsageState.Parked));
        Assert.False(await _app.WithDbAsync(db => db.UsageBatchActions.AnyAsync(Cancel)));
    }

    /// <summary>
    /// A confirmed user signed in through the real login form. The app runs on Kestrel here, so the client is a plain
    /// HttpClient on its port that keeps cookies and does not follow redirects.
    /// </summary>
    private async Task<HttpClient> SignInAsync(string email)
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var created = await users.CreateAsync(new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true }, SignedInClient.Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = _app.ClientOptions.BaseAddress,
        };
        var token = SignedInClient.AntiforgeryToken(await client.GetStringAsync("/Account/Login", Cancel));
        using var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = SignedInClient.Password,
        }), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>A customer whose batch Cheddar refused (400, not "customer not found"), so it is parked.</summary>
    private async Task<(string User, Guid Batch)> ParkedCustomerAsync(int uses)
    {
        var user = await _app.NewCustomerAsync("PRO");
        await _app.AddFaultAsync("{\"path\":\"customers/add-item-quantity\",\"kind\":\"status\",\"status\":400,\"count\":1}");
        await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, uses);
        await Eventually.TrueAsync(() => AllAsync(user, UsageState.Parked), TimeSpan.FromSeconds(10), "the batch is parked");
        var batch = await _app.WithDbAsync(db => db.UsageBatches.Where(b => b.CustomerCode == user).Select(b => b.Id).SingleAsync(Cancel));
        return (user, batch);
    }

    private static async Task<string> DecideAsync(HttpClient admin, string page, string decision)
    {
        using var response = await admin.PostAsync("/admin/billing", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SignedInClient.AntiforgeryToken(page),
            ["_handler"] = "decide",
            ["Decision"] = decision,
        }), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Cancel);
    }

    private Task<bool> AllAsync(string user, UsageState state) =>
        _app.WithDbAsync(async db => await db.UsageOutbox.CountAsync(u => u.CustomerCode == user, Cancel) > 0
            && !await db.UsageOutbox.AnyAsync(u => u.CustomerCode == user && u.State != state, Cancel));
}
