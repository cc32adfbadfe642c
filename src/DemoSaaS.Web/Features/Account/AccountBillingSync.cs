using DemoSaaS.Cheddar.Models;

namespace DemoSaaS.Web.Features.Account;

/// <summary>INTERIM until Features/Billing lands: gating's snapshot cache and the webhook store do not exist on main yet.</summary>
internal sealed class AccountBillingSync : IAccountBillingSync
{
    public void Accepted(Customer customer)
    {
    }

    public void Invalidate(string customerCode)
    {
    }

    public Task<IReadOnlyList<BillingEventLine>> RecentEventsAsync(string customerCode, int count, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BillingEventLine>>([]);
}
