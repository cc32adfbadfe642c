using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Infrastructure;

/// <summary>Arranges state through the same public seams the app uses: the Cheddar client against the sandbox, and IUsageMeter.</summary>
public static class CheddarTestData
{
    public const string TestCard = "4111111111111111";

    /// <summary>Creates a Cheddar customer (code = a fresh user id) on the plan; TEAM bills at once, so it gets a card.</summary>
    public static async Task<string> NewCustomerAsync(this BillingAppFactory app, string planCode)
    {
        var code = Guid.NewGuid().ToString();
        await app.Services.GetRequiredService<ICheddarCustomers>().CreateAsync(new NewCustomerRequest
        {
            Code = code,
            FirstName = "Test",
            LastName = "User",
            Email = $"{code}@example.com",
            Subscription = new NewSubscriptionRequest
            {
                PlanCode = planCode,
                Card = planCode == "TEAM" ? new PaymentCard { Number = TestCard, ExpirationMonth = 12, ExpirationYear = DateTime.UtcNow.Year + 3, CardCode = "123" } : null,
                CardHolder = planCode == "TEAM" ? new CardHolder { FirstName = "Test", LastName = "User", Zip = "12345" } : null,
            },
        }, TestContext.Current.CancellationToken);
        return code;
    }

    public static Task<Customer> GetCustomerAsync(this BillingAppFactory app, string code) =>
        app.Services.GetRequiredService<ICheddarCustomers>().GetAsync(code, TestContext.Current.CancellationToken);

    /// <summary>Cheddar's current quantity of a tracked item for the customer.</summary>
    public static async Task<decimal> QuantityAsync(this BillingAppFactory app, string code, string itemCode) =>
        (await app.GetCustomerAsync(code)).CurrentSubscription?.FindUsage(itemCode)?.Used ?? 0;

    /// <summary>Records uses the way a feature page does: each in its own unit of work, all at the same time.</summary>
    public static async Task RecordUsesConcurrentlyAsync(this BillingAppFactory app, string userId, MeteredFeature feature, int count)
    {
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            scope.ServiceProvider.GetRequiredService<IUsageMeter>().Record(db, userId, feature);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        })));
    }

    public static async Task<T> WithDbAsync<T>(this BillingAppFactory app, Func<ApplicationDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>());
    }
}
