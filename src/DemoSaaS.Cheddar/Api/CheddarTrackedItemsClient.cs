using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Cheddar.Api;

internal sealed class CheddarTrackedItemsClient(ICheddarTrackedItemsApi api, IOptionsMonitor<CheddarOptions> options) : ICheddarTrackedItems
{
    private string Product => options.CurrentValue.ProductCode;

    public async Task<Customer> AddQuantityAsync(string customerCode, string itemCode, decimal? quantity = null, CancellationToken cancellationToken = default)
    {
        Check(customerCode, itemCode, quantity);
        var form = new CheddarForm().AddNumber("quantity", quantity).Fields;
        return CheddarResults.SingleCustomer(await api.Add(Product, customerCode, itemCode, form, cancellationToken));
    }

    public async Task<Customer> RemoveQuantityAsync(string customerCode, string itemCode, decimal? quantity = null, CancellationToken cancellationToken = default)
    {
        Check(customerCode, itemCode, quantity);
        var form = new CheddarForm().AddNumber("quantity", quantity).Fields;
        return CheddarResults.SingleCustomer(await api.Remove(Product, customerCode, itemCode, form, cancellationToken));
    }

    public async Task<Customer> SetQuantityAsync(string customerCode, string itemCode, decimal quantity, InvoicePeriod invoicePeriod = InvoicePeriod.Current, CancellationToken cancellationToken = default)
    {
        Check(customerCode, itemCode, quantity);
        var form = new CheddarForm()
            .AddNumber("quantity", quantity)
            .Add("invoicePeriod", invoicePeriod == InvoicePeriod.Current ? null : WireValues.Of(invoicePeriod))
            .Fields;
        return CheddarResults.SingleCustomer(await api.Set(Product, customerCode, itemCode, form, cancellationToken));
    }

    private static void Check(string customerCode, string itemCode, decimal? quantity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(itemCode);
        if (quantity is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "Quantities are 0 or more.");
        }
    }
}
