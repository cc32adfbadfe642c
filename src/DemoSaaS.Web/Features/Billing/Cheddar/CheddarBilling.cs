using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;

namespace DemoSaaS.Web.Features.Billing.Cheddar;

/// <summary>
/// The Cheddar calls billing and signup make, through the client library, with "not found" turned into
/// an answer (null, or "already gone") where that is what the caller needs to know.
/// </summary>
public sealed class CheddarBilling(ICheddarCustomers customers, ICheddarTrackedItems trackedItems)
{
    /// <summary>customers/get by our code; null when Cheddar has no such customer.</summary>
    public Task<Customer?> FindCustomerAsync(string customerCode, CancellationToken cancellationToken) =>
        customers.FindAsync(customerCode, cancellationToken);

    public Task<Customer> CreateCustomerAsync(NewCustomerRequest request, CancellationToken cancellationToken) =>
        customers.CreateAsync(request, cancellationToken);

    /// <summary>customers/delete; a customer that does not exist counts as deleted.</summary>
    public async Task DeleteCustomerAsync(string customerCode, CancellationToken cancellationToken)
    {
        try
        {
            await customers.DeleteAsync(customerCode, cancellationToken);
        }
        catch (CheddarException ex) when (ex.IsCustomerNotFound)
        {
            // Already gone: exactly the state the caller wants.
        }
    }

    /// <summary>
    /// add-item-quantity (never retried by the client: its outcome may be unknown, see the usage relay). The app has no
    /// set/remove-item-quantity on purpose: it never lowers or overwrites a quantity (docs/decisions/0008-usage-ledger-reconciliation.md).
    /// </summary>
    public Task<Customer> AddItemQuantityAsync(string customerCode, string itemCode, decimal quantity, CancellationToken cancellationToken) =>
        trackedItems.AddQuantityAsync(customerCode, itemCode, quantity, cancellationToken);
}
