using System.Net;
using System.Text.Json;
using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Infrastructure;

/// <summary>What a signup left behind, as a user and an integrator would check it: the account, its login, Cheddar's customers, charges and webhooks.</summary>
public static class SignupAccount
{
    public const string Password = "Correct-Horse-9";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static async Task<ApplicationUser?> FindUserAsync(BillingAppFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
    }

    /// <summary>Confirms the email (as the link in the confirmation mail would) and logs in through the real login form: true when the account page then opens.</summary>
    public static async Task<bool> CanLogInAsync(BillingAppFactory app, string email, string password = Password)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                return false;
            }
            if (!user.EmailConfirmed)
            {
                Assert.True((await users.ConfirmEmailAsync(user, await users.GenerateEmailConfirmationTokenAsync(user))).Succeeded);
            }
        }
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = app.ClientOptions.BaseAddress });
        var token = SignedInClient.AntiforgeryToken(await client.GetStringAsync("/Account/Login", Cancel));
        using var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }), Cancel);
        // Signed in when a page that needs an account opens instead of sending the client to the login form.
        using var account = await client.GetAsync("/account", Cancel);
        // Without a sign-in the login form is shown in its place.
        return account.StatusCode == HttpStatusCode.OK
            && (await account.Content.ReadAsStringAsync(Cancel)).Contains("<title>Account · Awesome Reports</title>", StringComparison.Ordinal);
    }

    public static Task<IReadOnlyList<Customer>> CheddarCustomersAsync(BillingAppFactory app, string email) =>
        app.Services.GetRequiredService<ICheddarCustomers>().ListAsync(new CustomerListFilter { Search = email }, Cancel);

    public static IReadOnlyList<Transaction> ApprovedTransactions(Customer customer) =>
        customer.Subscriptions.SelectMany(s => s.Invoices).SelectMany(i => i.Transactions).Where(t => t.IsApproved).ToList();

    /// <summary>The activity types of the webhooks the sandbox logged for this customer, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> WebhooksAsync(BillingAppFactory app, string customerCode)
    {
        using var sandbox = app.CreateSandboxClient();
        using var log = JsonDocument.Parse(await sandbox.GetStringAsync("/sandbox/webhooks", Cancel));
        return log.RootElement.GetProperty("deliveries").EnumerateArray()
            .Where(d => d.GetProperty("body").GetRawText().Contains(customerCode, StringComparison.Ordinal))
            .Select(d => d.GetProperty("activityType").GetString()!)
            .ToList();
    }
}
