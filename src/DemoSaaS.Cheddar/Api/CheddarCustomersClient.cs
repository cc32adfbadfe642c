using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Cheddar.Api;

internal sealed class CheddarCustomersClient(ICheddarCustomersApi api, IOptionsMonitor<CheddarOptions> options, TimeProvider time) : ICheddarCustomers
{
    private string Product => options.CurrentValue.ProductCode;

    public async Task<Customer> GetAsync(string customerCode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerCode);
        return CheddarResults.SingleCustomer(await api.GetByCode(Product, customerCode, cancellationToken));
    }

    public async Task<Customer?> FindAsync(string customerCode, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetAsync(customerCode, cancellationToken);
        }
        catch (CheddarException ex) when (ex.IsCustomerNotFound)
        {
            return null;
        }
    }

    public async Task<Customer> GetByIdAsync(string customerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        return CheddarResults.SingleCustomer(await api.GetById(Product, customerId, cancellationToken));
    }

    public async Task<Customer> GetByInvoiceNumberAsync(int invoiceNumber, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(invoiceNumber);
        return CheddarResults.SingleCustomer(await api.GetByInvoiceNumber(Product, invoiceNumber, cancellationToken));
    }

    public async Task<IReadOnlyList<Customer>> ListAsync(CustomerListFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var form = filter?.ToForm();
        try
        {
            var document = form is { Count: > 0 }
                ? await api.GetFiltered(Product, form, cancellationToken)
                : await api.GetAll(Product, cancellationToken);
            return CheddarResults.Customers(document);
        }
        catch (CheddarException ex) when (CheddarResults.IsEmptyList(ex))
        {
            return [];
        }
    }

    public async Task<Customer> CreateAsync(NewCustomerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CheddarResults.SingleCustomer(await api.Create(Product, request.ToForm(), cancellationToken));
    }

    public async Task<Customer> EditAsync(string customerCode, EditCustomerRequest? customer, EditSubscriptionRequest? subscription, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerCode);
        var form = new CheddarForm();
        customer?.WriteTo(form);
        subscription?.WriteTo(form, "subscription");
        return CheddarResults.SingleCustomer(await api.Edit(Product, customerCode, form.Fields, cancellationToken));
    }

    public async Task<Customer> EditCustomerAsync(string customerCode, EditCustomerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerCode);
        ArgumentNullException.ThrowIfNull(request);
        return CheddarResults.SingleCustomer(await api.EditCustomer(Product, customerCode, request.ToForm(), cancellationToken));
    }

    public async Task<Customer> EditSubscriptionAsync(string customerCode, EditSubscriptionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerCode);
        ArgumentNullException.ThrowIfNull(request);
        return CheddarResults.SingleCustomer(await api.EditSubscription(Product, customerCode, request.ToForm(), cancellationToken));
    }

    public async Task<Customer> CancelAsync(string customerCode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerCode);
        return CheddarResults.SingleCustomer(await api.Cancel(Product, customerCode, cancellationToken));
    }

    public Task DeleteAsync(string customerCode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerCode);
        return api.Delete(Product, customerCode, cancellationToken);
    }

    public Task DeleteAllAsync(CancellationToken cancellationToken = default) =>
        api.DeleteAll(Product, time.GetUtcNow().ToUnixTimeSeconds(), cancellationToken);

    public async Task<Customer> AddChargeAsync(string customerCode, AddChargeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerCode);
        ArgumentNullException.ThrowIfNull(request);
        return CheddarResults.SingleCustomer(await api.AddCharge(Product, customerCode, request.ToForm(), cancellationToken));
    }

    public async Task<Customer> DeleteChargeAsync(string customerCode, string chargeId, InvoicePeriod invoicePeriod = InvoicePeriod.Current, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(chargeId);
        var form = new CheddarForm().Add("chargeId", chargeId).Add("invoicePeriod", WireValues.Of(invoicePeriod)).Fields;
        return CheddarResults.SingleCustomer(await api.DeleteCharge(Product, customerCode, form, cancellationToken));
    }

    public async Task<Customer> RunOutstandingAsync(string customerCode, string? cardCode = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerCode);
        var form = new CheddarForm().Add("ccCardCode", cardCode).Fields;
        return CheddarResults.SingleCustomer(await api.RunOutstanding(Product, customerCode, form, cancellationToken));
    }
}
