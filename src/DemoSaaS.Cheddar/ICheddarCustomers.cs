using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;

namespace DemoSaaS.Cheddar;

/// <summary>
/// Customers and their subscriptions. Every call returns the customer as Cheddar holds it after the call.
/// Errors are <see cref="CheddarException"/> (Cheddar said no) or <see cref="CheddarUnavailableException"/> (no answer).
/// </summary>
public interface ICheddarCustomers
{
    /// <summary>One customer by your code. Retried on transient failures.</summary>
    Task<Customer> GetAsync(string customerCode, CancellationToken cancellationToken = default);

    /// <summary>
    /// One customer by your code, or null when Cheddar has no such customer (<see cref="CheddarException.IsCustomerNotFound"/>).
    /// Use it wherever "not there" is an answer rather than an error: after a signup whose outcome is unknown, before
    /// deciding a usage delivery. Retried on transient failures like <see cref="GetAsync"/>.
    /// </summary>
    Task<Customer?> FindAsync(string customerCode, CancellationToken cancellationToken = default);

    /// <summary>One customer by Cheddar's id.</summary>
    Task<Customer> GetByIdAsync(string customerId, CancellationToken cancellationToken = default);

    /// <summary>The customer an invoice belongs to.</summary>
    Task<Customer> GetByInvoiceNumberAsync(int invoiceNumber, CancellationToken cancellationToken = default);

    /// <summary>All customers matching the filter; an empty list when none match (Cheddar's 404 "No customers found.").</summary>
    Task<IReadOnlyList<Customer>> ListAsync(CustomerListFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Signs up a customer on a plan (with card and coupon when given). Never retried automatically: on
    /// <see cref="CheddarUnavailableException"/> look the customer up before trying again.
    /// A card refused while being verified creates nothing (422, <see cref="CheddarException.Customer"/> null); a first
    /// charge declined after creation returns the customer inside the exception.
    /// </summary>
    Task<Customer> CreateAsync(NewCustomerRequest request, CancellationToken cancellationToken = default);

    /// <summary>Changes customer and subscription in one call (<c>customers/edit</c>); either part may be null. Not retried.</summary>
    Task<Customer> EditAsync(string customerCode, EditCustomerRequest? customer, EditSubscriptionRequest? subscription, CancellationToken cancellationToken = default);

    /// <summary>Changes only customer fields (name, e-mail, metadata...). Idempotent, so retried on transient failures.</summary>
    Task<Customer> EditCustomerAsync(string customerCode, EditCustomerRequest request, CancellationToken cancellationToken = default);

    /// <summary>Plan change, card change, coupon or bill date. Not retried: it may charge the card.</summary>
    Task<Customer> EditSubscriptionAsync(string customerCode, EditSubscriptionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Cancels the current subscription now. Retried on transient failures: canceling a canceled subscription changes nothing.</summary>
    Task<Customer> CancelAsync(string customerCode, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the customer and everything about it. Not retried; when used as compensation after a failed signup,
    /// treat <see cref="CheddarException.IsNotFound"/> as "already gone".
    /// </summary>
    Task DeleteAsync(string customerCode, CancellationToken cancellationToken = default);

    /// <summary>Deletes every customer of a development product (refused for production products).</summary>
    Task DeleteAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a custom charge (or a credit, with a negative amount) to the subscription's invoice. Not retried.</summary>
    Task<Customer> AddChargeAsync(string customerCode, AddChargeRequest request, CancellationToken cancellationToken = default);

    /// <summary>Removes a custom charge by its id (<see cref="Charge.Id"/>). Not retried.</summary>
    Task<Customer> DeleteChargeAsync(string customerCode, string chargeId, InvoicePeriod invoicePeriod = InvoicePeriod.Current, CancellationToken cancellationToken = default);

    /// <summary>Runs the customer's outstanding invoice now (manual dunning retry); success reactivates a canceled subscription. Not retried.</summary>
    Task<Customer> RunOutstandingAsync(string customerCode, string? cardCode = null, CancellationToken cancellationToken = default);
}
