using System.Net.Http.Json;
using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.Web.Features.Account;
using DemoSaaS.Web.Infrastructure.Cheddar;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Features.Account;

/// <summary>
/// Arranges Cheddar state for account tests in the app's embedded sandbox: customers on a plan (created through the
/// real client), usage, the billing clock and faults (through the sandbox's control endpoints).
/// </summary>
public sealed class AccountSandbox(WebApplicationFactory<Program> factory)
{
    public const string GoodVisa = "4111111111111111";
    public const string GoodMastercard = "5555555555554444";

    public IServiceProvider Services => factory.Services;

    public ICheddarCustomers Customers => factory.Services.GetRequiredService<ICheddarCustomers>();

    /// <summary>A new customer (a fresh code) on <paramref name="planCode"/>, with a Visa unless <paramref name="withCard"/> is false.</summary>
    public async Task<string> CreateCustomerAsync(string planCode, bool withCard = true, string zip = "12345", string? coupon = null, string? code = null)
    {
        code ??= $"acct-{Guid.NewGuid():N}";
        await Customers.CreateAsync(new NewCustomerRequest
        {
            Code = code, FirstName = "Ada", LastName = "Lovelace", Email = $"{code}@example.com",
            Subscription = new NewSubscriptionRequest
            {
                PlanCode = planCode,
                CouponCode = coupon,
                Card = withCard ? new PaymentCard { Number = GoodVisa, ExpirationMonth = 12, ExpirationYear = 2031, CardCode = "123" } : null,
                CardHolder = withCard ? new CardHolder { FirstName = "Ada", LastName = "Lovelace", Zip = zip } : null,
            },
        }, TestContext.Current.CancellationToken);
        return code;
    }

    public async Task SetUsageAsync(string customerCode, string itemCode, decimal quantity) =>
        await factory.Services.GetRequiredService<ICheddarTrackedItems>().SetQuantityAsync(customerCode, itemCode, quantity, cancellationToken: TestContext.Current.CancellationToken);

    public async Task<Customer> GetAsync(string customerCode) => await Customers.GetAsync(customerCode, TestContext.Current.CancellationToken);

    /// <summary>The page's own service, in its own scope as a circuit would have it.</summary>
    public AccountService AccountService() => factory.Services.CreateScope().ServiceProvider.GetRequiredService<AccountService>();

    public async Task AdvanceClockAsync(int days)
    {
        using var http = SandboxClient();
        var response = await http.PostAsJsonAsync("sandbox/clock/advance", new { days }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Makes the next <paramref name="count"/> calls whose path contains <paramref name="path"/> fail with <paramref name="status"/>.</summary>
    public async Task InjectFaultAsync(string path, int status, int count = 1)
    {
        using var http = SandboxClient();
        var response = await http.PostAsJsonAsync("sandbox/faults", new { path, kind = "status", status, count }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public static CardForm Card(string number = GoodVisa, string zip = "12345", string expiry = "12/31", string cvv = "123") =>
        new() { FirstName = "Ada", LastName = "Lovelace", Number = number, Expiry = expiry, Cvv = cvv, Zip = zip };

    private HttpClient SandboxClient() =>
        new() { BaseAddress = factory.Services.GetRequiredService<EmbeddedCheddarSandbox>().BaseAddress };
}
