using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;

namespace DemoSaaS.Cheddar;

/// <summary>Usage of tracked items (e.g. reports generated) on a customer's current subscription.</summary>
public interface ICheddarTrackedItems
{
    /// <summary>
    /// Adds usage (default 1). Never retried: a retry after a lost answer would count twice. On
    /// <see cref="CheddarUnavailableException"/> the increment may or may not have happened.
    /// </summary>
    Task<Customer> AddQuantityAsync(string customerCode, string itemCode, decimal? quantity = null, CancellationToken cancellationToken = default);

    /// <summary>Removes usage (default 1). Never retried, for the same reason.</summary>
    Task<Customer> RemoveQuantityAsync(string customerCode, string itemCode, decimal? quantity = null, CancellationToken cancellationToken = default);

    /// <summary>Sets usage to an absolute value. Idempotent, so retried on transient failures.</summary>
    Task<Customer> SetQuantityAsync(string customerCode, string itemCode, decimal quantity, InvoicePeriod invoicePeriod = InvoicePeriod.Current, CancellationToken cancellationToken = default);
}
