using System.Net.Http.Json;
using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Infrastructure.Cheddar;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.E2E.Infrastructure;

/// <summary>
/// Asks the app's embedded Cheddar sandbox what it holds (through the app's own Cheddar client; customer code =
/// the Identity user id) and drives its clock over its control API.
/// </summary>
public sealed class SandboxProbe(AppServer app)
{
    /// <summary>The local user with this email, or null when none exists.</summary>
    public async Task<ApplicationUser?> FindUserAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
    }

    /// <summary>The Cheddar customer of the local user with this email.</summary>
    public async Task<Customer> CustomerOfAsync(string email)
    {
        var user = await FindUserAsync(email) ?? throw new InvalidOperationException($"No local user has the email {email}.");
        return await Customers.GetAsync(user.Id, TestContext.Current.CancellationToken);
    }

    /// <summary>Every Cheddar customer whose name, email or card matches (Cheddar's search).</summary>
    public Task<IReadOnlyList<Customer>> SearchCustomersAsync(string text) =>
        Customers.ListAsync(new CustomerListFilter { Search = text }, TestContext.Current.CancellationToken);

    /// <summary>Moves the sandbox's billing clock forward; its billing engine runs every day passed.</summary>
    public async Task<string> AdvanceClockAsync(int days)
    {
        using var http = new HttpClient { BaseAddress = app.Services.GetRequiredService<EmbeddedCheddarSandbox>().BaseAddress };
        using var response = await http.PostAsJsonAsync("sandbox/clock/advance", new { days }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"Clock advance refused: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>Retries an assertion for a few seconds: usage reaches Cheddar through the app's background relay.</summary>
    public async Task EventuallyAsync(Func<Task> assertion)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, TestContext.Current.CancellationToken);
            }
        }
    }

    private ICheddarCustomers Customers => app.Services.GetRequiredService<ICheddarCustomers>();
}
