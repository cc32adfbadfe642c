using DemoSaaS.Cheddar.Xml;
using Refit;

namespace DemoSaaS.Cheddar.Api;

/// <summary>Cheddar's tracked-item quantity calls on the wire.</summary>
internal interface ICheddarTrackedItemsApi
{
    [Post("/xml/customers/add-item-quantity/productCode/{productCode}/code/{customerCode}/itemCode/{itemCode}")]
    Task<CheddarDocument> Add(string productCode, string customerCode, string itemCode, [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);

    [Post("/xml/customers/remove-item-quantity/productCode/{productCode}/code/{customerCode}/itemCode/{itemCode}")]
    Task<CheddarDocument> Remove(string productCode, string customerCode, string itemCode, [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);

    [Post("/xml/customers/set-item-quantity/productCode/{productCode}/code/{customerCode}/itemCode/{itemCode}")]
    Task<CheddarDocument> Set(string productCode, string customerCode, string itemCode, [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);
}
